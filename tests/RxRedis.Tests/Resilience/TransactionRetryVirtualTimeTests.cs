using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Resilience;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Resilience;

/// <summary>
/// A cluster transaction the server did not apply because its slot is reconfiguring (a queued command answered
/// <c>TRYAGAIN</c>, so <c>EXEC</c> answers <c>EXECABORT</c>) is sent again whole after the policy's backoff on the
/// options' scheduler, through the resend lane (issue 18), until it runs or the reconfiguration window ends. The fake
/// server records the virtual time at which each <c>MULTI</c> arrives.
/// </summary>
public sealed class TransactionRetryVirtualTimeTests : FakeServerTestBase
{
    private const long Ms = TimeSpan.TicksPerMillisecond;
    private readonly NextTimerScheduler _scheduler = new();
    private readonly ConcurrentQueue<long> _multis = new();

    // Answers MULTI ... EXEC, refusing the queued SET with TRYAGAIN for the first `refusals` transactions.
    private void Answer(int refusals)
    {
        var refusing = false;
        Server.Handler = (c, cmd) =>
        {
            if (FakeCluster.IsShards(cmd))
            {
                return c.SendAsync(FakeCluster.OneShard());
            }
            switch (cmd[0])
            {
                case "MULTI":
                    _multis.Enqueue(_scheduler.Clock);
                    refusing = Interlocked.Decrement(ref refusals) >= 0;
                    return c.SendRawAsync("+OK\r\n");
                case "SET":
                    return c.SendRawAsync(refusing ? "-TRYAGAIN Multiple keys request during rehashing of slot\r\n" : "+QUEUED\r\n");
                default: // EXEC
                    return c.SendRawAsync(refusing ? "-EXECABORT Transaction discarded because of previous errors.\r\n" : "*1\r\n+OK\r\n");
            }
        };
    }

    private RedisOptions ClusterOptions()
    {
        var options = FastOptions();
        options.Scheduler = _scheduler;
        options.CommandTimeout = Timeout.InfiniteTimeSpan;
        options.HealthCheckInterval = Timeout.InfiniteTimeSpan;
        options.RetryPolicy = new RetryPolicy
        {
            MaxRetries = 3,
            Backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), Jitter: 0),
        };
        options.Cluster.Enabled = true;
        options.Cluster.TopologyRefreshInterval = Timeout.InfiniteTimeSpan;
        options.Cluster.MinRefreshInterval = TimeSpan.Zero;
        options.Cluster.RetryWhileReconfiguring = TimeSpan.FromSeconds(1);
        return options;
    }

    // Each slot-map read a refusal asks for moves the clock by a tick, so arrivals are compared in whole milliseconds.
    private long[] MultiArrivals() => [.. _multis.Select(t => t / Ms)];

    [Fact]
    public async Task A_refused_transaction_runs_whole_after_the_backoff_and_its_commands_get_the_applied_results()
    {
        Answer(refusals: 2);
        await using var client = await ConnectAsync(ClusterOptions());
        var transaction = client.CreateTransaction();
        var set = transaction.Add(client.Set("k", "v")).ToTask();
        var executed = transaction.Execute().ToTask();

        await _scheduler.DriveUntilAsync(() => executed.IsCompleted, "the transaction ended");

        Assert.True(await executed);
        Assert.True(await set);
        Assert.Equal([0, 100, 300], MultiArrivals()); // refused twice, then applied: 100 ms, then 200 ms between attempts
    }

    [Fact]
    public async Task A_transaction_refused_past_the_reconfiguration_window_fails_as_not_run_with_the_refusal()
    {
        Answer(refusals: int.MaxValue);
        await using var client = await ConnectAsync(ClusterOptions());
        var transaction = client.CreateTransaction();
        var set = transaction.Add(client.Set("k", "v")).ToTask();
        var executed = transaction.Execute().ToTask();

        await _scheduler.DriveUntilAsync(() => executed.IsCompleted && set.IsCompleted, "the transaction ended");

        var error = await Assert.ThrowsAsync<RedisTransactionException>(() => executed);
        Assert.Contains("did not run", error.Message, StringComparison.Ordinal);
        Assert.Equal("TRYAGAIN", Assert.IsType<RedisServerException>(error.InnerException).Prefix);
        Assert.Same(error, await Assert.ThrowsAsync<RedisTransactionException>(() => set));
        // 100, 200, 400 ms (MaxRetries), then 400 ms while the window (1 s from the start) is open: 1.1 s is the last.
        Assert.Equal([0, 100, 300, 700, 1100], MultiArrivals());
    }
}
