using System.Net;
using System.Net.Sockets;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.LocalServer;

namespace RxRedis.Cli.Tests;

/// <summary>
/// How the demo and the notebooks find their server (issue 16): the one answering, else a throwaway redis-server,
/// else Garnet in this process. The probed endpoint and the redis-server lookup are given, so the tests do not
/// depend on what runs on this machine's port 6379.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class LocalRedisTests(RedisFixture fixture)
{
    [Fact]
    public async Task A_server_that_answers_is_used_and_left_running()
    {
        var local = await LocalRedis.FindOrStartAsync(
            RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port),
            () => throw new InvalidOperationException("nothing should be started"), CancellationToken.None);
        Assert.False(local.StartedHere);
        Assert.Equal(fixture.Server.Port, local.EndPoint.Port);
        await local.DisposeAsync();
        Assert.Equal("PONG", await fixture.Server.ExecRawAsync("PING"));
    }

    [Fact]
    public async Task Without_an_answering_server_or_redis_server_Garnet_starts_in_this_process_and_stops_on_dispose()
    {
        var nothing = RedisEndPoint.Tcp(RedisServerProcess.Host, FreePort.Next());
        var local = await LocalRedis.FindOrStartAsync(nothing, () => null, CancellationToken.None);
        try
        {
            Assert.True(local.StartedHere);
            Assert.Equal("Garnet, in this process", local.Description);
            await using var client = await RedisClient.ConnectAsync(local.EndPoint.ToString());
            Assert.True(await client.Set("local", "garnet").ToTask());
            Assert.Equal("garnet", (await client.Get("local").ToTask()).ToString());
        }
        finally
        {
            await local.DisposeAsync();
        }
        using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(async () => await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, local.EndPoint.Port)));
    }

    [Fact]
    public async Task Without_an_answering_server_a_throwaway_redis_server_starts_when_installed()
    {
        var nothing = RedisEndPoint.Tcp(RedisServerProcess.Host, FreePort.Next());
        var local = await LocalRedis.FindOrStartAsync(nothing, ThrowawayRedisServer.FindExecutable, CancellationToken.None);
        try
        {
            Assert.True(local.StartedHere);
            Assert.StartsWith("redis-server (pid ", local.Description, StringComparison.Ordinal);
            await using var client = await RedisClient.ConnectAsync(local.EndPoint.ToString());
            Assert.Equal("PONG", (await client.Execute("PING").ToTask()).AsString());
        }
        finally
        {
            await local.DisposeAsync();
        }
    }
}
