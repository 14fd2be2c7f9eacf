using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Resilience;

namespace RxRedis.IntegrationTests.Resilience;

/// <summary>Server states that reject a command without applying it are retried with backoff until they clear.</summary>
[Collection(FaultTestsCollection.Name)]
public sealed class RetryableServerStateTests
{
    // At least ~5 s of retries (backoff 20 ms doubling to 100 ms, jitter up to half off): the tests wait 200 ms before
    // changing the server's state, which a loaded machine can stretch well past the ~1 s that 20 retries gave.
    private static readonly RetryPolicy Patient = new()
    {
        MaxRetries = 100,
        Backoff = new Backoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)),
    };

    [Fact]
    public async Task A_write_sent_to_a_replica_is_retried_after_READONLY_and_succeeds_once_it_is_promoted()
    {
        await using var primary = await RedisServerProcess.StartAsync();
        await using var replica = await RedisServerProcess.StartAsync(new RedisServerOptions
        {
            ExtraArgs = ["--replicaof", RedisServerProcess.Host, primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        });
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, replica.Port),
            RetryPolicy = Patient,
        });
        var set = client.Set("promoted", "yes").ToTask();
        await Task.Delay(200);
        Assert.False(set.IsCompleted, "the write must be held in retries while the server is a replica");
        await replica.ExecRawAsync("REPLICAOF", "NO", "ONE");

        // Held until the promotion (asserted above, not by elapsed time: Task.Delay's timer counts a coarse clock, and a
        // fresh-clone run measured 198 ms across the 200 ms delay), then applied once it is a primary.
        Assert.True(await set.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("yes", await replica.ExecRawAsync("GET", "promoted"));
    }

    [Fact]
    public async Task A_command_is_retried_after_BUSY_and_succeeds_once_the_script_is_killed()
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { ExtraArgs = ["--busy-reply-threshold", "20"] });
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, server.Port),
            RetryPolicy = Patient,
            CommandTimeout = TimeSpan.FromSeconds(10),
        });
        await client.Set("busy", "done");

        var script = server.ExecRawAsync("EVAL", "while true do end", "0");
        await Task.Delay(100); // past the busy threshold: the server now answers BUSY
        var get = client.Get("busy").ToTask();
        await Task.Delay(200);
        Assert.False(get.IsCompleted, "the GET must be held in retries while the script runs");
        Assert.Equal("OK", await server.ExecRawAsync("SCRIPT", "KILL"));

        Assert.Equal("done", (await get.WaitAsync(TimeSpan.FromSeconds(5))).ToString());
        Assert.StartsWith("(error)", await script, StringComparison.Ordinal);
    }
}
