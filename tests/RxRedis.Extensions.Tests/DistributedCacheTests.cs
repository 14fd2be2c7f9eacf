using System.Globalization;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.Extensions.Tests;

/// <summary>
/// IDistributedCache semantics. Expirations are checked through the server's PTTL (and a manual clock for the
/// absolute cap) rather than by sleeping, except one real-time test of each kind with wide margins.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class DistributedCacheTests(RedisFixture fixture) : IAsyncLifetime
{
    private const string Prefix = "cache-test:";
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private ServiceProvider? _provider;

    private IDistributedCache Cache => _provider!.GetRequiredService<IDistributedCache>();

    private RxRedisCache RealTimeCache { get; set; } = null!;

    public Task InitializeAsync()
    {
        _provider = Build(_clock);
        RealTimeCache = new RxRedisCache(
            _provider.GetRequiredService<RedisClientProvider>(),
            Microsoft.Extensions.Options.Options.Create(new RxRedisCacheOptions { KeyPrefix = Prefix }));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _provider!.DisposeAsync();

    private ServiceProvider Build(TimeProvider clock) => new ServiceCollection()
        .AddRxRedis(o => o.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port))
        .AddRxRedisDistributedCache(o =>
        {
            o.KeyPrefix = Prefix;
            o.TimeProvider = clock;
        })
        .BuildServiceProvider();

    private async Task<long> PttlAsync(string key) =>
        long.Parse(await fixture.Server.ExecRawAsync("PTTL", Prefix + key), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Binary_data_round_trips_and_missing_keys_read_as_null()
    {
        var data = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(new byte[100_000]).ToArray();
        await Cache.SetAsync("binary", data, new DistributedCacheEntryOptions());
        Assert.Equal(data, await Cache.GetAsync("binary"));
        Assert.Equal(-1, await PttlAsync("binary"));
        Assert.Null(await Cache.GetAsync("never-set"));
        Assert.Equal("absexp\ndata\nsldexp", string.Join('\n', (await fixture.Server.ExecRawAsync("HKEYS", Prefix + "binary")).Split('\n').Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Remove_deletes_and_the_sync_methods_work_too()
    {
        Cache.Set("sync", [1, 2, 3], new DistributedCacheEntryOptions());
        Assert.Equal([1, 2, 3], Cache.Get("sync"));
        Cache.Refresh("sync");
        Cache.Remove("sync");
        Assert.Null(Cache.Get("sync"));
        await Cache.SetAsync("async", [4], new DistributedCacheEntryOptions());
        await Cache.RemoveAsync("async");
        Assert.Null(await Cache.GetAsync("async"));
        Assert.Equal("0", await fixture.Server.ExecRawAsync("EXISTS", Prefix + "async"));
    }

    [Fact]
    public async Task Set_replaces_an_entry_and_its_expiry()
    {
        await Cache.SetAsync("replace", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
        await Cache.SetAsync("replace", [2], new DistributedCacheEntryOptions());
        Assert.Equal([2], await Cache.GetAsync("replace"));
        Assert.Equal(-1, await PttlAsync("replace"));
    }

    [Fact]
    public async Task Absolute_relative_to_now_sets_the_ttl_and_get_does_not_extend_it()
    {
        await Cache.SetAsync("abs-rel", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
        Assert.InRange(await PttlAsync("abs-rel"), 590_000, 600_000);
        await fixture.Server.ExecRawAsync("PEXPIRE", Prefix + "abs-rel", "5000");
        Assert.Equal([1], await Cache.GetAsync("abs-rel"));
        Assert.InRange(await PttlAsync("abs-rel"), 1, 5000);
    }

    [Fact]
    public async Task An_absolute_date_is_measured_from_the_clock_and_must_be_in_the_future()
    {
        await Cache.SetAsync("abs-date", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = _clock.Now.AddSeconds(30) });
        Assert.InRange(await PttlAsync("abs-date"), 29_000, 30_000);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Cache.SetAsync("abs-past", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = _clock.Now.AddSeconds(-1) }));
        Assert.Null(await Cache.GetAsync("abs-past"));
    }

    [Fact]
    public async Task A_relative_expiration_wins_over_an_absolute_date()
    {
        await Cache.SetAsync("both-abs", [1], new DistributedCacheEntryOptions
        {
            AbsoluteExpiration = _clock.Now.AddHours(1),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(20),
        });
        Assert.InRange(await PttlAsync("both-abs"), 19_000, 20_000);
    }

    [Fact]
    public async Task Get_and_refresh_renew_a_sliding_window()
    {
        await Cache.SetAsync("sliding", [7], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
        Assert.InRange(await PttlAsync("sliding"), 59_000, 60_000);

        await fixture.Server.ExecRawAsync("PEXPIRE", Prefix + "sliding", "5000");
        Assert.Equal([7], await Cache.GetAsync("sliding"));
        Assert.InRange(await PttlAsync("sliding"), 59_000, 60_000);

        await fixture.Server.ExecRawAsync("PEXPIRE", Prefix + "sliding", "5000");
        await Cache.RefreshAsync("sliding");
        Assert.InRange(await PttlAsync("sliding"), 59_000, 60_000);
    }

    [Fact]
    public async Task Refresh_leaves_an_entry_without_sliding_expiration_alone()
    {
        await Cache.SetAsync("no-sliding", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
        await fixture.Server.ExecRawAsync("PEXPIRE", Prefix + "no-sliding", "5000");
        await Cache.RefreshAsync("no-sliding");
        Assert.InRange(await PttlAsync("no-sliding"), 1, 5000);
        await Cache.RefreshAsync("missing");
        Assert.Equal("0", await fixture.Server.ExecRawAsync("EXISTS", Prefix + "missing"));
    }

    [Fact]
    public async Task Sliding_renewal_never_passes_the_absolute_expiration()
    {
        await Cache.SetAsync("capped", [1], new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(1),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(10),
        });
        Assert.InRange(await PttlAsync("capped"), 9_000, 10_000);

        _clock.Now = _clock.Now.AddSeconds(8);
        Assert.Equal([1], await Cache.GetAsync("capped"));
        Assert.InRange(await PttlAsync("capped"), 1_000, 2_000);

        // Past the absolute expiry by the clock, a read finds nothing even if Redis has not expired the key yet.
        await fixture.Server.ExecRawAsync("PEXPIRE", Prefix + "capped", "60000");
        _clock.Now = _clock.Now.AddSeconds(3);
        Assert.Null(await Cache.GetAsync("capped"));
        Assert.Equal("0", await fixture.Server.ExecRawAsync("EXISTS", Prefix + "capped"));
    }

    [Fact]
    public async Task In_real_time_an_absolute_entry_expires_and_a_sliding_one_lives_while_it_is_read()
    {
        await RealTimeCache.SetAsync("rt-abs", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(1) });
        await RealTimeCache.SetAsync("rt-sliding", [2], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(2) });
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.Equal([2], await RealTimeCache.GetAsync("rt-sliding"));
        }
        Assert.Null(await RealTimeCache.GetAsync("rt-abs"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Null(await RealTimeCache.GetAsync("rt-sliding"));
    }
}
