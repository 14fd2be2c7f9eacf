using System.Globalization;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.Extensions.Tests;

/// <summary>
/// Issue 14: Microsoft.Extensions.Caching.StackExchangeRedis (the real package) and RxRedisCache read and refresh
/// each other's entries on one server, as services migrating one at a time do. Both use the system clock here.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class MicrosoftCacheInteropTests(RedisFixture fixture) : IAsyncLifetime
{
    private readonly string _prefix = $"interop-{Guid.NewGuid():N}:";
    private ServiceProvider _provider = null!;
    private RedisCache _microsoft = null!;

    private IDistributedCache RxRedis => _provider.GetRequiredService<IDistributedCache>();

    public Task InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddRxRedisDistributedCache(fixture.Server.Endpoint, o => o.KeyPrefix = _prefix)
            .BuildServiceProvider();
        _microsoft = new RedisCache(Microsoft.Extensions.Options.Options.Create(new RedisCacheOptions
        {
            Configuration = fixture.Server.Endpoint,
            InstanceName = _prefix,
        }));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _microsoft.Dispose();
        await _provider.DisposeAsync();
    }

    private async Task<long> PttlAsync(string key) =>
        long.Parse(await fixture.Server.ExecRawAsync("PTTL", _prefix + key), CultureInfo.InvariantCulture);

    private Task<string> ShortenAsync(string key) => fixture.Server.ExecRawAsync("PEXPIRE", _prefix + key, "5000");

    public static TheoryData<string> Writers() => new() { "microsoft", "rxredis" };

    private IDistributedCache Writer(string name) => name == "microsoft" ? _microsoft : RxRedis;

    private IDistributedCache Reader(string name) => name == "microsoft" ? RxRedis : _microsoft;

    [Fact]
    public async Task Both_write_the_same_fields_in_the_same_units()
    {
        var options = new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(5),
            AbsoluteExpiration = new DateTimeOffset(2099, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };
        await _microsoft.SetAsync("fields-ms", [1, 2], options);
        await RxRedis.SetAsync("fields-rx", [1, 2], options);
        var microsoft = await fixture.Server.ExecRawAsync("HMGET", _prefix + "fields-ms", "absexp", "sldexp", "data");
        var rxredis = await fixture.Server.ExecRawAsync("HMGET", _prefix + "fields-rx", "absexp", "sldexp", "data");
        Assert.Equal(microsoft, rxredis);
        Assert.StartsWith($"{options.AbsoluteExpiration.Value.UtcTicks}\n{TimeSpan.FromMinutes(5).Ticks}\n", rxredis, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task An_entry_without_expiry_is_read_by_the_other(string writer)
    {
        await Writer(writer).SetAsync("plain", [1, 2, 3], new DistributedCacheEntryOptions());
        Assert.Equal([1, 2, 3], await Reader(writer).GetAsync("plain"));
        Assert.Equal(-1, await PttlAsync("plain"));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task A_five_minute_sliding_entry_is_renewed_to_five_minutes_by_the_other(string writer)
    {
        // Before the fix RxRedis read Microsoft's ticks as milliseconds (~34.7 days) and Microsoft read RxRedis's
        // milliseconds as ticks (~28 ms).
        await Writer(writer).SetAsync("sliding", [7], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) });
        Assert.InRange(await PttlAsync("sliding"), 295_000, 300_000);
        await ShortenAsync("sliding");
        Assert.Equal([7], await Reader(writer).GetAsync("sliding"));
        Assert.InRange(await PttlAsync("sliding"), 295_000, 300_000);
        await ShortenAsync("sliding");
        await Reader(writer).RefreshAsync("sliding");
        Assert.InRange(await PttlAsync("sliding"), 295_000, 300_000);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task The_other_caps_a_renewal_at_the_absolute_expiry(string writer)
    {
        await Writer(writer).SetAsync("capped", [1], new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(5),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30),
        });
        await fixture.Server.ExecRawAsync("PEXPIRE", _prefix + "capped", "1000");
        await Reader(writer).RefreshAsync("capped");
        Assert.InRange(await PttlAsync("capped"), 20_000, 30_000);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task The_other_leaves_an_absolute_only_entry_alone(string writer)
    {
        await Writer(writer).SetAsync("absolute", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
        Assert.InRange(await PttlAsync("absolute"), 590_000, 600_000);
        await ShortenAsync("absolute");
        Assert.Equal([1], await Reader(writer).GetAsync("absolute"));
        Assert.InRange(await PttlAsync("absolute"), 1, 5000);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task The_other_removes_it(string writer)
    {
        await Writer(writer).SetAsync("removed", [1], new DistributedCacheEntryOptions());
        await Reader(writer).RemoveAsync("removed");
        Assert.Null(await Writer(writer).GetAsync("removed"));
    }
}
