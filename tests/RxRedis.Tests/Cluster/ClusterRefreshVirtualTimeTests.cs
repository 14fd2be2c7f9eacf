using System.Text;
using Microsoft.Reactive.Testing;
using RxRedis.Cluster;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Cluster;

/// <summary>
/// When a cluster client reads the slot map again, in virtual time: periodically, and after a redirect no sooner
/// than the minimum interval. The fake server plays a one-node cluster that owns every slot.
/// </summary>
public sealed class ClusterRefreshVirtualTimeTests : FakeServerTestBase
{
    private readonly TestScheduler _scheduler = new();
    private int _movedToSend;

    public ClusterRefreshVirtualTimeTests()
    {
        Server.Handler = (c, cmd) => cmd[0].ToUpperInvariant() switch
        {
            "CLUSTER" when cmd[1].Equals("SHARDS", StringComparison.OrdinalIgnoreCase) => c.SendAsync(FakeCluster.OneShard()),
            "GET" when Interlocked.Decrement(ref _movedToSend) >= 0 => c.SendRawAsync($"-MOVED {HashSlot.Of(cmd[1])} 127.0.0.1:7000\r\n"),
            "GET" => c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[1]))),
            _ => c.SendRawAsync("+OK\r\n"),
        };
    }

    private RedisOptions ClusterOptions(TimeSpan refreshInterval, TimeSpan minRefreshInterval)
    {
        var options = FastOptions();
        options.Scheduler = _scheduler;
        options.HealthCheckInterval = Timeout.InfiniteTimeSpan;
        options.RetryPolicy = RetryPolicy.None;
        options.CommandTimeout = Timeout.InfiniteTimeSpan;
        options.Cluster.Enabled = true;
        options.Cluster.TopologyRefreshInterval = refreshInterval;
        options.Cluster.MinRefreshInterval = minRefreshInterval;
        return options;
    }

    private int ShardReads => Server.Connections.Sum(c => c.Received.Count(r => r[0] == "CLUSTER"));

    [Fact]
    public async Task The_slot_map_is_read_again_every_refresh_interval_of_scheduler_time()
    {
        await using var client = await ConnectAsync(ClusterOptions(TimeSpan.FromSeconds(10), TimeSpan.Zero));
        Assert.Equal(1, ShardReads); // at connect, from the seed

        _scheduler.AdvanceBy(TimeSpan.FromSeconds(10).Ticks - 1);
        await Task.Delay(50);
        Assert.Equal(1, ShardReads);
        _scheduler.AdvanceBy(2); // the timer fires at 10 s; TestScheduler runs what it schedules "now" a tick later
        await WaitUntilAsync(() => ShardReads == 2, "the first periodic refresh");
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(10).Ticks);
        await WaitUntilAsync(() => ShardReads == 3, "the second periodic refresh");
    }

    [Fact]
    public async Task Redirects_refresh_at_once_then_no_sooner_than_the_minimum_interval()
    {
        await using var client = await ConnectAsync(ClusterOptions(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1)));
        _scheduler.AdvanceTo(TimeSpan.FromSeconds(5).Ticks);

        _movedToSend = 1;
        Assert.Equal("a", (await client.Get("a")).ToString()); // MOVED, followed to the named node
        _scheduler.AdvanceBy(1);
        await WaitUntilAsync(() => ShardReads == 2, "the refresh the redirect asked for");
        var refreshedAt = _scheduler.Clock;

        _movedToSend = 2;
        Assert.Equal("b", (await client.Get("b")).ToString());
        Assert.Equal("c", (await client.Get("c")).ToString());
        _scheduler.AdvanceTo(refreshedAt + TimeSpan.FromSeconds(1).Ticks - 1);
        await Task.Delay(50);
        Assert.Equal(2, ShardReads); // two more redirects, but the last read was under a second ago
        _scheduler.AdvanceBy(1);
        await WaitUntilAsync(() => ShardReads == 3, "one refresh for both redirects, a second after the last");
        await Task.Delay(50);
        Assert.Equal(3, ShardReads);
    }
}
