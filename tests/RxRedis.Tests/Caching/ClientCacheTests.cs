using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Reactive.Testing;
using RxRedis.Protocol;
using RxRedis.Tests.Fakes;
using static RxRedis.Tests.PubSub.FakePubSub;

namespace RxRedis.Tests.Caching;

/// <summary>Cache behaviour the real server can't time precisely: TTL in virtual time, invalidation races, LRU.</summary>
public sealed class ClientCacheTests : FakeServerTestBase
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private int _gets;

    public ClientCacheTests()
    {
        // Every GET answers a fresh value, so a served value shows whether it came from the cache.
        Server.Handler = (c, cmd) => cmd[0] switch
        {
            "GET" => c.SendAsync(Bulk($"{cmd[1]}#{Interlocked.Increment(ref _gets)}")),
            "MGET" => c.SendAsync(RespValue.Aggregate(RespType.Array, [.. cmd.Skip(1).Select(k => Bulk($"{k}#{Interlocked.Increment(ref _gets)}"))])),
            _ => c.SendRawAsync("+OK\r\n"),
        };
    }

    [Fact]
    public async Task Tracking_is_turned_on_in_default_mode_or_broadcast_with_prefixes()
    {
        await using var client = await ConnectAsync();
        await client.EnableClientCacheAsync(new ClientCacheOptions { Broadcast = true, Prefixes = ["user:", "cfg:"] });

        Assert.Equal(["CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "user:", "PREFIX", "cfg:"], Server.Connections[0].Received.Last());
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.EnableClientCacheAsync());
    }

    [Fact]
    public async Task Entries_expire_after_the_time_to_live_in_virtual_time()
    {
        var scheduler = new TestScheduler();
        var options = FastOptions();
        options.Scheduler = scheduler;
        await using var client = await ConnectAsync(options);
        var cache = await client.EnableClientCacheAsync(new ClientCacheOptions { TimeToLive = TimeSpan.FromSeconds(10) });

        Assert.Equal("k#1", (await cache.Get("k")).ToString());
        scheduler.AdvanceBy(TimeSpan.FromSeconds(10).Ticks - 1);
        Assert.Equal("k#1", (await cache.Get("k")).ToString());
        scheduler.AdvanceBy(1);
        Assert.Equal("k#2", (await cache.Get("k")).ToString());
        Assert.Equal(new ClientCacheStatistics(1, 2, 1, cache.Statistics.Bytes, 1, 0), cache.Statistics);
    }

    [Fact]
    public async Task An_invalidation_push_drops_the_entry_and_is_observable()
    {
        await using var client = await ConnectAsync();
        var cache = await client.EnableClientCacheAsync();
        Assert.Equal("k#1", (await cache.Get("k")).ToString());
        Assert.Equal("k#1", (await cache.Get("k")).ToString());
        var invalidation = cache.Invalidations.FirstAsync().ToTask();

        await Server.Connections[0].SendAsync(Frame(false, Bulk("invalidate"), RespValue.Aggregate(RespType.Array, [Bulk("k")])));

        Assert.Equal(["k"], (await invalidation.WaitAsync(Limit)).Keys.Select(k => k.ToString()));
        Assert.Equal("k#2", (await cache.Get("k")).ToString());
    }

    [Fact]
    public async Task A_read_in_flight_when_its_key_is_invalidated_is_returned_but_never_cached()
    {
        Server.Handler = async (c, cmd) =>
        {
            if (cmd[0] != "GET")
            {
                await c.SendRawAsync("+OK\r\n");
                return;
            }
            // Someone else writes the key while our GET is in flight: its invalidation reaches us before the reply.
            // (An invalidation behind the reply is ordinary: the entry is cached, then dropped when it arrives.)
            await c.SendAsync(Frame(false, Bulk("invalidate"), RespValue.Aggregate(RespType.Array, [Bulk(cmd[1])])));
            await c.SendAsync(Bulk($"{cmd[1]}#{Interlocked.Increment(ref _gets)}"));
        };
        await using var client = await ConnectAsync();
        var cache = await client.EnableClientCacheAsync();

        for (var i = 1; i <= 20; i++)
        {
            Assert.Equal($"k#{i}", (await cache.Get("k")).ToString());
        }
        Assert.Equal(0, cache.Statistics.Hits);
    }

    [Fact]
    public async Task A_server_flush_push_empties_the_cache()
    {
        await using var client = await ConnectAsync();
        var cache = await client.EnableClientCacheAsync();
        await cache.MGet("a", "b");
        Assert.Equal(2, cache.Statistics.Entries);
        var invalidation = cache.Invalidations.FirstAsync().ToTask();

        await Server.Connections[0].SendAsync(Frame(false, Bulk("invalidate"), RespValue.Null));

        Assert.True((await invalidation.WaitAsync(Limit)).All);
        Assert.Equal(0, cache.Statistics.Entries);
    }

    [Fact]
    public async Task Least_recently_used_entries_are_evicted_first()
    {
        await using var client = await ConnectAsync();
        var cache = await client.EnableClientCacheAsync(new ClientCacheOptions { MaxEntries = 3 });
        await cache.Get("a");
        await cache.Get("b");
        await cache.Get("c");
        await cache.Get("a");
        await cache.Get("d");

        Assert.Equal("a#1", (await cache.Get("a")).ToString());
        Assert.Equal("b#5", (await cache.Get("b")).ToString());
        Assert.Equal(3, cache.Statistics.Entries);
    }

    [Fact]
    public async Task A_lost_connection_flushes_and_caching_resumes_once_tracking_is_back()
    {
        await using var client = await ConnectAsync();
        var cache = await client.EnableClientCacheAsync();
        Assert.Equal("k#1", (await cache.Get("k")).ToString());
        var flushed = cache.Invalidations.FirstAsync(i => i.All).ToTask();
        var reconnected = client.ConnectionState.Skip(1).FirstAsync(s => s.Status == ConnectionStatus.Connected).ToTask();

        Server.Connections[0].Close();
        await flushed.WaitAsync(Limit);
        await reconnected.WaitAsync(Limit);

        await WaitUntilAsync(() => Server.ConnectionCount == 2 && Server.Connections[1].Received.Any(c => c[0] == "CLIENT"), "tracking is re-enabled");
        Assert.Equal("k#2", (await cache.Get("k")).ToString());
        await WaitUntilAsync(() => cache.Get("k").Wait().ToString() == "k#3" || cache.Statistics.Hits > 0, "caching resumes");
    }
}
