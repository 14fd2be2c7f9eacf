using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Resilience;

namespace RxRedis.IntegrationTests.Resilience;

/// <summary>
/// The connection dies after a command reached the server and before its reply came back (the proxy holds replies,
/// then resets). A non-idempotent INCR is not sent again; a GET is.
/// </summary>
[Collection(FaultTestsCollection.Name)]
public sealed class ExactlyOnceTests
{
    [Fact]
    public async Task INCR_with_an_unknown_outcome_is_not_resent_and_GET_is_retried()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var proxy = FaultProxy.Start(server.TcpEndPoint);
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, proxy.Port),
            ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50)),
        });
        await server.ExecRawAsync("SET", "greeting", "hello");

        proxy.Pause();
        var incr = client.Incr("counter").ToTask();
        for (var i = 0; i < 200 && await server.ExecRawAsync("GET", "counter") != "1"; i++)
        {
            await Task.Delay(5);
        }
        proxy.ResetAllConnections();
        proxy.Resume();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => incr);
        Assert.Equal(CommandOutcome.Unknown, error.Outcome);
        await Task.Delay(200);
        Assert.Equal("1", await server.ExecRawAsync("GET", "counter"));

        await client.Ping(); // reconnected
        proxy.Pause();
        var get = client.Get("greeting").ToTask();
        await Task.Delay(100); // the GET reaches the server; its reply is held
        proxy.ResetAllConnections();
        proxy.Resume();

        Assert.Equal("hello", (await get.WaitAsync(TimeSpan.FromSeconds(10))).ToString());
    }
}
