using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;
using static RxRedis.IntegrationTests.PubSub.PubSubTestHelpers;

namespace RxRedis.IntegrationTests.Caching;

[Collection(RedisCollectionDefinition.Name)]
public sealed class ClientCacheTests(RedisFixture fixture)
{
    private RedisServerProcess Server => fixture.Server;

    [ServerFact(ServerFeature.ClientTracking)]
    public async Task A_write_from_another_client_invalidates_and_the_next_read_returns_the_new_value()
    {
        await using var client = await ConnectAsync(Server, RedisProtocol.Resp3);
        await using var writer = await ConnectAsync(Server, RedisProtocol.Resp3);
        await writer.Set("cache:a", "v1");
        var cache = await client.EnableClientCacheAsync();

        Assert.Equal("v1", (await cache.Get("cache:a")).ToString());
        Assert.Equal("v1", (await cache.Get("cache:a")).ToString());
        Assert.Equal((1, 1), (cache.Statistics.Hits, cache.Statistics.Misses));

        var invalidated = cache.Invalidations.FirstAsync(i => i.Keys.Contains("cache:a")).Timeout(WaitLimit).ToTask();
        await writer.Set("cache:a", "v2");
        await invalidated;

        Assert.Equal("v2", (await cache.Get("cache:a")).ToString());
        Assert.Equal((1, 2), (cache.Statistics.Hits, cache.Statistics.Misses));
        Assert.Equal("v2", (await cache.Get("cache:a")).ToString());
        Assert.Equal(2, cache.Statistics.Hits);
    }

    [ServerFact(ServerFeature.ClientTracking)]
    public async Task MGet_serves_cached_keys_and_fetches_the_rest_and_is_invalidated_per_key()
    {
        await using var client = await ConnectAsync(Server, RedisProtocol.Resp3);
        await using var writer = await ConnectAsync(Server, RedisProtocol.Resp3);
        await writer.Set("mget:1", "a");
        await writer.Set("mget:2", "b");
        var cache = await client.EnableClientCacheAsync();
        Assert.Equal("a", (await cache.Get("mget:1")).ToString());

        var values = await cache.MGet("mget:1", "mget:2", "mget:none");

        Assert.Equal(["a", "b", ""], values.Select(v => v.ToString()));
        Assert.True(values[2].IsNull);
        Assert.Equal((1L, 3L), (cache.Statistics.Hits, cache.Statistics.Misses));
        var invalidated = cache.Invalidations.FirstAsync(i => i.Keys.Contains("mget:2")).Timeout(WaitLimit).ToTask();
        await writer.Set("mget:2", "c");
        await invalidated;
        Assert.Equal(["a", "c", ""], (await cache.MGet("mget:1", "mget:2", "mget:none")).Select(v => v.ToString()));
    }

    [ServerFact(ServerFeature.ClientTracking)]
    public async Task Hash_reads_are_cached_and_invalidated_with_their_key()
    {
        await using var client = await ConnectAsync(Server, RedisProtocol.Resp3);
        await using var writer = await ConnectAsync(Server, RedisProtocol.Resp3);
        await writer.Execute("HSET", "hash:1", "f", "1", "g", "2");
        var cache = await client.EnableClientCacheAsync();

        Assert.Equal("1", (await cache.HGet("hash:1", "f")).ToString());
        Assert.Equal(2, (await cache.HGetAll("hash:1")).Count);
        Assert.Equal("1", (await cache.HGet("hash:1", "f")).ToString());
        Assert.Equal(1, cache.Statistics.Hits);

        var invalidated = cache.Invalidations.FirstAsync(i => i.Keys.Contains("hash:1")).Timeout(WaitLimit).ToTask();
        await writer.Execute("HSET", "hash:1", "f", "9");
        await invalidated;
        Assert.Equal("9", (await cache.HGet("hash:1", "f")).ToString());
        Assert.Equal(1, cache.Statistics.Entries); // HGETALL's entry went with the same invalidation
    }

    [ServerFact(ServerFeature.ClientTracking)]
    public async Task The_cache_never_exceeds_its_bounds()
    {
        await using var client = await ConnectAsync(Server, RedisProtocol.Resp3);
        var cache = await client.EnableClientCacheAsync(new ClientCacheOptions { MaxEntries = 50, MaxBytes = 20_000 });
        var value = new string('x', 300);
        await client.Set("bound:value", value);
        for (var i = 0; i < 500; i++)
        {
            await client.Set($"bound:{i}", value);
            await cache.Get($"bound:{i}");
            var stats = cache.Statistics;
            Assert.True(stats.Entries <= 50, $"{stats.Entries} entries");
            Assert.True(stats.Bytes <= 20_000, $"{stats.Bytes} bytes");
        }
        Assert.True(cache.Statistics.Evictions >= 450);
    }

    [ServerFact(ServerFeature.ClientTracking)]
    public async Task After_a_reconnect_no_stale_value_is_served()
    {
        var name = $"cache-{Guid.NewGuid():N}";
        await using var client = await ConnectAsync(Server, RedisProtocol.Resp3, name);
        await using var writer = await ConnectAsync(Server, RedisProtocol.Resp3);
        await writer.Set("stale:a", "old");
        var cache = await client.EnableClientCacheAsync();
        Assert.Equal("old", (await cache.Get("stale:a")).ToString());
        Assert.Equal("old", (await cache.Get("stale:a")).ToString());

        var reconnected = client.ConnectionState.SkipWhile(s => s.Status == ConnectionStatus.Connected)
            .FirstAsync(s => s.Status == ConnectionStatus.Connected).Timeout(WaitLimit).ToTask();
        Assert.Equal(1, await KillClientsAsync(Server, name, subscribersOnly: false));
        // Written while the client is away: its invalidation can never reach the old socket.
        await writer.Set("stale:a", "new");
        await reconnected;

        Assert.Equal("new", (await cache.Get("stale:a")).ToString());
        await WaitUntilAsync(async () => (await cache.Get("stale:a")) == "new" && cache.Statistics.Hits >= 2, "caching resumes after tracking is re-enabled");
    }

    [ServerFact(ServerFeature.ClientTracking)]
    public async Task Caching_needs_resp3()
    {
        await using var client = await ConnectAsync(Server, RedisProtocol.Resp2);
        await Assert.ThrowsAsync<NotSupportedException>(() => client.EnableClientCacheAsync());
    }
}
