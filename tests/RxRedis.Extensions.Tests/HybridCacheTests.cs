using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.Extensions.Tests;

/// <summary>HybridCache over RxRedisCache, as README shows it: the second level is Redis, shared by two apps.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class HybridCacheTests(RedisFixture fixture)
{
    private ServiceProvider App(string prefix)
    {
        var services = new ServiceCollection();
        services.AddRxRedisDistributedCache(fixture.Server.Endpoint, o => o.KeyPrefix = prefix);
        services.AddHybridCache();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task An_entry_one_app_creates_is_read_by_another_from_redis_without_its_factory()
    {
        var prefix = $"hybrid-{Guid.NewGuid():N}:";
        await using var first = App(prefix);
        await using var second = App(prefix);
        var calls = 0;

        var created = await first.GetRequiredService<HybridCache>().GetOrCreateAsync("order:1", _ =>
        {
            calls++;
            return ValueTask.FromResult("shipped");
        });
        Assert.Equal("shipped", created);
        Assert.Equal("1", await fixture.Server.ExecRawAsync("EXISTS", prefix + "order:1"));

        var read = await second.GetRequiredService<HybridCache>().GetOrCreateAsync("order:1", _ =>
        {
            calls++;
            return ValueTask.FromResult("factory ran");
        });
        Assert.Equal("shipped", read);
        Assert.Equal(1, calls);
    }
}
