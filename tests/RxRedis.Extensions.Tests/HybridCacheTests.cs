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

    private async Task WrittenAsync(string key)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await fixture.Server.ExecRawAsync("EXISTS", key) != "1")
        {
            Assert.True(DateTime.UtcNow < deadline, $"HybridCache did not write {key} to Redis within 10 s.");
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
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
        // HybridCache writes the second level in the background after releasing its callers, so wait for the write.
        await WrittenAsync(prefix + "order:1");

        var read = await second.GetRequiredService<HybridCache>().GetOrCreateAsync("order:1", _ =>
        {
            calls++;
            return ValueTask.FromResult("factory ran");
        });
        Assert.Equal("shipped", read);
        Assert.Equal(1, calls);
    }
}
