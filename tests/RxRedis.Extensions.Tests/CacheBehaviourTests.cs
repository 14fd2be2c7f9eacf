using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.Extensions.Tests;

/// <summary>
/// The behaviours aspnetcore's own RedisCache tests check (set and remove, expirations through the sync and the
/// async methods, registration), written for RxRedisCache against a real server. TTLs are read with PTTL instead
/// of sleeping.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class CacheBehaviourTests(RedisFixture fixture) : IAsyncLifetime
{
    private readonly string _prefix = $"behaviour-{Guid.NewGuid():N}:";
    private ServiceProvider _provider = null!;

    private IDistributedCache Cache => _provider.GetRequiredService<IDistributedCache>();

    public Task InitializeAsync()
    {
        _provider = Build(o => o.KeyPrefix = _prefix);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    private ServiceProvider Build(Action<RxRedisCacheOptions> configure) => new ServiceCollection()
        .AddRxRedisDistributedCache(fixture.Server.Endpoint, configure)
        .BuildServiceProvider();

    private async Task<long> PttlAsync(string key) =>
        long.Parse(await fixture.Server.ExecRawAsync("PTTL", _prefix + key), CultureInfo.InvariantCulture);

    private static Task SetAsync(IDistributedCache cache, bool sync, string key, byte[] value, DistributedCacheEntryOptions options)
    {
        if (sync)
        {
            cache.Set(key, value, options);
            return Task.CompletedTask;
        }
        return cache.SetAsync(key, value, options);
    }

    private static Task<byte[]?> GetAsync(IDistributedCache cache, bool sync, string key) =>
        sync ? Task.FromResult(cache.Get(key)) : cache.GetAsync(key);

    private static Task RefreshAsync(IDistributedCache cache, bool sync, string key)
    {
        if (sync)
        {
            cache.Refresh(key);
            return Task.CompletedTask;
        }
        return cache.RefreshAsync(key);
    }

    private static Task RemoveAsync(IDistributedCache cache, bool sync, string key)
    {
        if (sync)
        {
            cache.Remove(key);
            return Task.CompletedTask;
        }
        return cache.RemoveAsync(key);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_missing_key_reads_as_null(bool sync) => Assert.Null(await GetAsync(Cache, sync, "non-existent-key"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Set_then_get_returns_the_value(bool sync)
    {
        await SetAsync(Cache, sync, "myKey", [42], new DistributedCacheEntryOptions());
        Assert.Equal([42], await GetAsync(Cache, sync, "myKey"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Keys_are_case_sensitive(bool sync)
    {
        await SetAsync(Cache, sync, "myKey", [1], new DistributedCacheEntryOptions());
        Assert.Equal([1], await GetAsync(Cache, sync, "myKey"));
        Assert.Null(await GetAsync(Cache, sync, "Mykey"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Set_always_overwrites(bool sync)
    {
        await SetAsync(Cache, sync, "overwrite", [1], new DistributedCacheEntryOptions());
        await SetAsync(Cache, sync, "overwrite", [2], new DistributedCacheEntryOptions());
        Assert.Equal([2], await GetAsync(Cache, sync, "overwrite"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Remove_removes(bool sync)
    {
        await SetAsync(Cache, sync, "remove", [1], new DistributedCacheEntryOptions());
        await RemoveAsync(Cache, sync, "remove");
        Assert.Null(await GetAsync(Cache, sync, "remove"));
        Assert.Equal("0", await fixture.Server.ExecRawAsync("EXISTS", _prefix + "remove"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_null_value_or_key_throws(bool sync)
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => SetAsync(Cache, sync, "k", null!, new DistributedCacheEntryOptions()));
        await Assert.ThrowsAsync<ArgumentNullException>(() => SetAsync(Cache, sync, null!, [1], new DistributedCacheEntryOptions()));
        await Assert.ThrowsAsync<ArgumentNullException>(() => GetAsync(Cache, sync, null!));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_absolute_expiration_in_the_past_throws_naming_AbsoluteExpiration(bool sync)
    {
        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SetAsync(Cache, sync, "past", [1],
            new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddSeconds(-1) }));
        Assert.Equal(nameof(DistributedCacheEntryOptions.AbsoluteExpiration), e.ParamName);
        Assert.Contains("must be in the future", e.Message, StringComparison.Ordinal);
        Assert.Null(await GetAsync(Cache, sync, "past"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_absolute_expiration_sets_the_ttl_and_reads_do_not_extend_it(bool sync)
    {
        await SetAsync(Cache, sync, "absolute", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(2) });
        Assert.InRange(await PttlAsync("absolute"), 100_000, 120_000);
        await fixture.Server.ExecRawAsync("PEXPIRE", _prefix + "absolute", "5000");
        Assert.Equal([1], await GetAsync(Cache, sync, "absolute"));
        await RefreshAsync(Cache, sync, "absolute");
        Assert.InRange(await PttlAsync("absolute"), 1, 5000);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_relative_expiration_sets_the_ttl(bool sync)
    {
        await SetAsync(Cache, sync, "relative", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30) });
        Assert.InRange(await PttlAsync("relative"), 25_000, 30_000);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_sliding_expiration_is_renewed_by_get_and_by_refresh(bool sync)
    {
        await SetAsync(Cache, sync, "sliding", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
        Assert.InRange(await PttlAsync("sliding"), 55_000, 60_000);
        await fixture.Server.ExecRawAsync("PEXPIRE", _prefix + "sliding", "5000");
        Assert.Equal([1], await GetAsync(Cache, sync, "sliding"));
        Assert.InRange(await PttlAsync("sliding"), 55_000, 60_000);
        await fixture.Server.ExecRawAsync("PEXPIRE", _prefix + "sliding", "5000");
        await RefreshAsync(Cache, sync, "sliding");
        Assert.InRange(await PttlAsync("sliding"), 55_000, 60_000);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_sliding_renewal_stops_at_the_absolute_expiration(bool sync)
    {
        await SetAsync(Cache, sync, "capped", [1], new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(1),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(20),
        });
        Assert.InRange(await PttlAsync("capped"), 15_000, 20_000);
        await fixture.Server.ExecRawAsync("PEXPIRE", _prefix + "capped", "5000");
        await RefreshAsync(Cache, sync, "capped");
        Assert.InRange(await PttlAsync("capped"), 15_000, 20_000);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task With_sliding_refresh_disabled_get_leaves_the_window_and_refresh_still_renews_it(bool sync)
    {
        await using var provider = Build(o =>
        {
            o.KeyPrefix = _prefix;
            o.DisableSlidingExpirationRefresh = true;
        });
        var cache = provider.GetRequiredService<IDistributedCache>();
        await SetAsync(cache, sync, "no-renew", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
        await fixture.Server.ExecRawAsync("PEXPIRE", _prefix + "no-renew", "5000");
        Assert.Equal([1], await GetAsync(cache, sync, "no-renew"));
        Assert.InRange(await PttlAsync("no-renew"), 1, 5000);
        await RefreshAsync(cache, sync, "no-renew");
        Assert.InRange(await PttlAsync("no-renew"), 55_000, 60_000);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_buffer_methods_write_into_the_caller_buffer_and_take_a_segmented_sequence(bool sync)
    {
        var cache = Assert.IsAssignableFrom<IBufferDistributedCache>(Cache);
        var first = new Segment([1, 2, 3]);
        var last = first.Append([4, 5]);
        var value = new ReadOnlySequence<byte>(first, 0, last, 2);
        var options = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) };
        if (sync)
        {
            cache.Set("buffer", value, options);
        }
        else
        {
            await cache.SetAsync("buffer", value, options);
        }
        var destination = new ArrayBufferWriter<byte>();
        Assert.True(sync ? cache.TryGet("buffer", destination) : await cache.TryGetAsync("buffer", destination));
        Assert.Equal([1, 2, 3, 4, 5], destination.WrittenSpan.ToArray());
        Assert.False(sync ? cache.TryGet("missing", destination) : await cache.TryGetAsync("missing", destination));
        Assert.Equal(5, destination.WrittenCount);
    }

    [Fact]
    public async Task AddRxRedisDistributedCache_alone_fails_with_one_clear_error()
    {
        await using var provider = new ServiceCollection().AddRxRedisDistributedCache().BuildServiceProvider();
        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IDistributedCache>());
        Assert.Contains("AddRxRedis", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRxRedisDistributedCache_replaces_an_earlier_IDistributedCache_and_is_one_singleton()
    {
        var services = new ServiceCollection().AddDistributedMemoryCache().AddRxRedisDistributedCache(fixture.Server.Endpoint);
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<IDistributedCache>();
        Assert.IsType<RxRedisCache>(cache);
        Assert.Same(cache, provider.GetRequiredService<IDistributedCache>());
        Assert.Same(cache, provider.GetRequiredService<RxRedisCache>());
        Assert.Single(services, d => d.ServiceType == typeof(IDistributedCache));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
