using System.Diagnostics;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Resilience;

namespace RxRedis.IntegrationTests.Resilience;

/// <summary>A server that is not there when the client starts.</summary>
[Collection(FaultTestsCollection.Name)]
public sealed class ServerDownAtStartTests
{
    [Fact]
    public async Task ConnectAsync_fails_within_the_connect_timeout_with_a_clear_error()
    {
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, FreePort.Next()),
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
        }));

        Assert.InRange(clock.ElapsedMilliseconds, 0, 1500);
        Assert.Equal(CommandOutcome.NotSent, error.Outcome);
        Assert.Contains("Could not connect to 127.0.0.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_AbortOnConnectFail_the_client_keeps_trying_and_connects_when_the_server_appears()
    {
        await using var server = await RedisServerProcess.StartAsync();
        server.Kill();
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, server.Port),
            AbortOnConnectFail = false,
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
            CommandTimeout = TimeSpan.FromSeconds(10),
            ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)),
        });
        var ping = client.Ping().ToTask();
        await Task.Delay(300);
        Assert.False(ping.IsCompleted);

        await server.RestartAsync();

        Assert.Equal("PONG", (await ping.WaitAsync(TimeSpan.FromSeconds(10))).ToString());
    }
}
