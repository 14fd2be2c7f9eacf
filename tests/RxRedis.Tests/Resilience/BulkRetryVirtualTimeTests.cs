using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Commands;
using RxRedis.Resilience;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Resilience;

/// <summary>
/// Bulk items retried in virtual time: only the items that failed go out again, after the policy's backoff on the
/// options' scheduler, within MaxRetries on one server and within RetryWhileReconfiguring in a cluster; results stay
/// in input order with one outcome per item. The fake server records the virtual time at which each command arrives.
/// </summary>
public sealed class BulkRetryVirtualTimeTests : FakeServerTestBase
{
    private const long Ms = TimeSpan.TicksPerMillisecond;
    private readonly NextTimerScheduler _scheduler = new();
    private readonly ConcurrentQueue<(string Command, string Key, long At)> _received = new();

    // Waits: 100, 200, then 400 ms (the cap), with no jitter.
    private static readonly RetryPolicy Policy = new()
    {
        MaxRetries = 3,
        Backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), Jitter: 0),
    };

    private RedisOptions VirtualOptions()
    {
        var options = FastOptions();
        options.Scheduler = _scheduler;
        options.CommandTimeout = Timeout.InfiniteTimeSpan;
        options.HealthCheckInterval = Timeout.InfiniteTimeSpan;
        options.RetryPolicy = Policy;
        return options;
    }

    private void Answer(Func<string[], string?> errorFor) => Server.Handler = (c, cmd) =>
    {
        if (FakeCluster.IsShards(cmd))
        {
            return c.SendAsync(FakeCluster.OneShard());
        }
        _received.Enqueue((cmd[0], cmd[1], _scheduler.Clock));
        return c.SendRawAsync(errorFor(cmd) is { } error ? $"-{error}\r\n" : cmd[0] == "GET" ? "$1\r\nv\r\n" : "+OK\r\n");
    };

    private long[] ArrivalsOf(string key) => [.. _received.Where(r => r.Key == key).Select(r => r.At)];

    private static KeyValuePair<RedisKey, RedisValue>[] Pairs(params string[] keys) =>
        [.. keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "v"))];

    [Fact]
    public async Task On_one_server_only_the_item_answered_LOADING_is_resent_after_each_backoff_until_MaxRetries()
    {
        var loadingY = 1;
        Answer(cmd => cmd[1] == "x" || (cmd[1] == "y" && Interlocked.Decrement(ref loadingY) >= 0) ? "LOADING Redis is loading the dataset in memory" : null);
        await using var client = await ConnectAsync(VirtualOptions());
        var results = client.BulkSet(Pairs("a", "x", "y", "b")).ToList().ToTask();

        await _scheduler.DriveUntilAsync(() => results.IsCompleted, "the bulk completed");

        var done = await results;
        Assert.Equal([0, 1, 2, 3], done.Select(r => r.Index));
        Assert.Equal(["a", "x", "y", "b"], done.Select(r => r.Input.Key.ToString()));
        Assert.Equal("LOADING", Assert.IsType<RedisServerException>(done[1].Error).Prefix);
        Assert.All(done.Where(r => r.Input.Key != "x"), r => Assert.True(r.IsSuccess && r.Value));
        Assert.Equal([0, 100 * Ms, 300 * Ms, 700 * Ms], ArrivalsOf("x")); // the first send, then after 100, 200, 400 ms
        Assert.Equal([0, 100 * Ms], ArrivalsOf("y"));                      // retried once, then answered in place
        Assert.Single(ArrivalsOf("a"));
        Assert.Single(ArrivalsOf("b"));
    }

    [Fact]
    public async Task A_dropped_connection_resends_unanswered_safe_items_and_fails_the_others_as_unknown()
    {
        var dropped = 0;
        Server.Handler = async (c, cmd) =>
        {
            _received.Enqueue((cmd[0], cmd[1], _scheduler.Clock));
            if (Interlocked.CompareExchange(ref dropped, 1, 0) == 0)
            {
                await c.SendRawAsync(":1\r\n"); // the first item is answered, then the server goes away
                c.Close();
                return;
            }
            if (dropped == 1)
            {
                await c.SendRawAsync(":7\r\n");
            }
        };
        await using var client = await ConnectAsync(VirtualOptions());
        string[] keys = ["incr:a", "strlen:b", "incr:c", "strlen:d"];
        var results = client.Bulk(keys, k => k.StartsWith("incr", StringComparison.Ordinal) ? client.Incr(k) : client.StrLen(k)).ToList().ToTask();

        await _scheduler.DriveUntilAsync(() => results.IsCompleted, "the bulk completed");

        var done = await results;
        Assert.Equal(keys, done.Select(r => r.Input));
        Assert.Equal(1, done[0].Value);                     // answered before the drop: kept, not resent
        Assert.Equal(7, done[1].Value);                     // read-only: resent on the new connection
        var unknown = Assert.IsType<RedisConnectionException>(done[2].Error);
        Assert.Equal(CommandOutcome.Unknown, unknown.Outcome); // INCR may have run: not resent
        Assert.Equal(7, done[3].Value);
        // Only the read-only items went out again, together, on the new connection.
        Assert.Equal(["strlen:b", "strlen:d"], Server.Connections[1].Received.Where(r => r[0] != "HELLO").Select(r => r[1]));
    }

    [Fact]
    public async Task In_a_cluster_CLUSTERDOWN_items_are_retried_past_MaxRetries_until_the_reconfiguration_window_ends()
    {
        var downUntil = new ConcurrentDictionary<string, long> { ["x"] = long.MaxValue, ["y"] = 1000 * Ms };
        Answer(cmd => downUntil.TryGetValue(cmd[1], out var until) && _scheduler.Clock < until ? "CLUSTERDOWN The cluster is down" : null);
        var options = VirtualOptions();
        options.Cluster.Enabled = true;
        options.Cluster.TopologyRefreshInterval = Timeout.InfiniteTimeSpan;
        options.Cluster.MinRefreshInterval = TimeSpan.Zero;
        options.Cluster.RetryWhileReconfiguring = TimeSpan.FromSeconds(1);
        await using var client = await ConnectAsync(options);
        var results = client.BulkSet(Pairs("a", "x", "y", "b")).ToList().ToTask();

        await _scheduler.DriveUntilAsync(() => results.IsCompleted, "the bulk completed");

        var done = await results;
        Assert.Equal(["a", "x", "y", "b"], done.Select(r => r.Input.Key.ToString()));
        Assert.Equal("CLUSTERDOWN", Assert.IsType<RedisServerException>(done[1].Error).Prefix);
        Assert.All(done.Where(r => r.Input.Key != "x"), r => Assert.True(r.IsSuccess && r.Value));
        // 100, 200, 400 ms (MaxRetries), then 400 ms while the window (1 s from the first failure) is open: the
        // attempt at 1.1 s is the last. Each slot-map read the errors ask for moves the test clock by a tick, so
        // arrivals are compared in whole milliseconds.
        long[] expected = [0, 100, 300, 700, 1100];
        Assert.Equal(expected, ArrivalsOf("x").Select(t => t / Ms));
        Assert.Equal(expected, ArrivalsOf("y").Select(t => t / Ms)); // the same schedule; up again by then
        Assert.Single(ArrivalsOf("a"));
    }

    [Fact]
    public async Task RetryPolicy_None_fails_the_items_at_once()
    {
        Answer(cmd => cmd[1] == "x" ? "LOADING Redis is loading the dataset in memory" : null);
        var options = VirtualOptions();
        options.RetryPolicy = RetryPolicy.None;
        await using var client = await ConnectAsync(options);

        var done = await client.BulkSet(Pairs("a", "x")).ToList().Timeout(TimeSpan.FromSeconds(10));

        Assert.True(done[0].IsSuccess);
        Assert.Equal("LOADING", Assert.IsType<RedisServerException>(done[1].Error).Prefix);
        Assert.Single(ArrivalsOf("x"));
    }
}
