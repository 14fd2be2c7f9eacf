using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RxRedis.AspNetCore.OutputCaching;
using RxRedis.Extensions;
using RxRedis.Extensions.Tests;
using RxRedis.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace RxRedis.AspNetCore.Tests.OutputCaching;

/// <summary>
/// The store behind two real instances of a web app on loopback ports sharing one redis-server, and its key layout
/// against Microsoft's StackExchange.Redis store.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class OutputCacheStoreTests(RedisFixture fixture)
{
    private readonly string _instance = "oc-" + Guid.NewGuid().ToString("N") + ":";

    private async Task<long> ZCardAsync(string key) => long.Parse(await fixture.Server.ExecRawAsync("ZCARD", key), CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_second_request_is_served_from_Redis_by_another_instance_and_evicting_the_tag_empties_it_for_both()
    {
        await using var first = await OutputCacheApp.StartAsync("first", fixture.Server.Port, _instance);
        await using var second = await OutputCacheApp.StartAsync("second", fixture.Server.Port, _instance);

        Assert.Equal("first-1", await first.GetStampAsync());
        Assert.Equal("first-1", await second.GetStampAsync());
        Assert.Equal(0, second.Handled);
        Assert.Equal(1, await ZCardAsync(_instance + "__MSOCT_" + OutputCacheApp.Tag));

        await second.Store.EvictByTagAsync(OutputCacheApp.Tag, CancellationToken.None);

        Assert.Equal(0, await ZCardAsync(_instance + "__MSOCT_" + OutputCacheApp.Tag));
        Assert.Equal("first-2", await first.GetStampAsync());
        Assert.Equal("first-2", await second.GetStampAsync());
        Assert.Equal(0, second.Handled);
    }

    [Fact]
    public async Task Entries_written_by_RxRedis_are_read_and_evicted_by_Microsofts_store_and_the_other_way_round()
    {
        // Microsoft's store sends its tag writes and evictions fire-and-forget: a PING on its own connection, which
        // answers after them, is the point at which they have been applied.
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(fixture.Server.Endpoint);
        var afterMicrosoftsWrites = () => multiplexer.GetDatabase().PingAsync();
        await using var services = new ServiceCollection()
            .AddRxRedis(o => o.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port))
            .AddRxRedisOutputCache(o => o.InstanceName = _instance)
            .AddStackExchangeRedisOutputCache(o =>
            {
                o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(multiplexer);
                o.InstanceName = _instance;
            })
            .BuildServiceProvider();
        var rxRedis = services.GetRequiredService<RxRedisOutputCacheStore>();
        var microsoft = services.GetRequiredService<IOutputCacheStore>();
        Assert.IsNotType<RxRedisOutputCacheStore>(microsoft);

        await rxRedis.SetAsync("from-rxredis", [1, 2, 3], ["shared"], TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal([1, 2, 3], await microsoft.GetAsync("from-rxredis", CancellationToken.None));
        await microsoft.SetAsync("from-microsoft", [4, 5], ["shared"], TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal([4, 5], await rxRedis.GetAsync("from-microsoft", CancellationToken.None));

        await microsoft.EvictByTagAsync("shared", CancellationToken.None);
        await afterMicrosoftsWrites();
        Assert.Null(await rxRedis.GetAsync("from-rxredis", CancellationToken.None));

        await microsoft.SetAsync("from-microsoft", [6], ["shared"], TimeSpan.FromMinutes(1), CancellationToken.None);
        await afterMicrosoftsWrites();
        await rxRedis.EvictByTagAsync("shared", CancellationToken.None);
        Assert.Null(await microsoft.GetAsync("from-microsoft", CancellationToken.None));
    }

    [Fact]
    public async Task Eviction_removes_every_entry_of_a_tag_across_batches_and_leaves_other_tags()
    {
        await using var services = Services(TimeProvider.System);
        var store = services.GetRequiredService<RxRedisOutputCacheStore>();
        var keys = Enumerable.Range(0, 600).Select(i => $"entry-{i}").ToArray();
        await Task.WhenAll(keys.Select(key => store.SetAsync(key, [1], ["many"], TimeSpan.FromMinutes(1), CancellationToken.None).AsTask()));
        await store.SetAsync("other", [2], ["kept"], TimeSpan.FromMinutes(1), CancellationToken.None);

        await store.EvictByTagAsync("many", CancellationToken.None);

        Assert.Equal("0", await fixture.Server.ExecRawAsync("EXISTS", _instance + "__MSOCV_entry-0", _instance + "__MSOCV_entry-599"));
        Assert.Equal(0, await ZCardAsync(_instance + "__MSOCT_many"));
        Assert.Equal([2], await store.GetAsync("other", CancellationToken.None));
    }

    [Fact]
    public async Task Values_expire_with_validFor_and_a_non_positive_validFor_is_refused()
    {
        await using var services = Services(TimeProvider.System);
        var store = services.GetRequiredService<RxRedisOutputCacheStore>();
        await store.SetAsync("ttl", [1], null, TimeSpan.FromSeconds(30), CancellationToken.None);
        var ttl = long.Parse(await fixture.Server.ExecRawAsync("PTTL", _instance + "__MSOCV_ttl"), CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 1, 30_000);
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => store.SetAsync("ttl", [1], null, TimeSpan.Zero, CancellationToken.None).AsTask());
        Assert.Equal("validFor", error.ParamName);
    }

    [Fact]
    public async Task The_sweep_removes_expired_tag_entries_and_tags_and_skips_while_another_instance_sweeps()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var services = Services(clock);
        var store = services.GetRequiredService<RxRedisOutputCacheStore>();
        await store.SetAsync("short", [1], ["a", "b"], TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.SetAsync("long", [2], ["b"], TimeSpan.FromMinutes(10), CancellationToken.None);

        clock.Now += TimeSpan.FromMinutes(5);
        await fixture.Server.ExecRawAsync("SET", _instance + "__MSOCTGC", "another instance", "EX", "60");
        Assert.Null(await store.CollectGarbageAsync());
        await fixture.Server.ExecRawAsync("DEL", _instance + "__MSOCTGC");

        Assert.Equal(1, await store.CollectGarbageAsync());
        Assert.Equal(0, await ZCardAsync(_instance + "__MSOCT_a"));
        Assert.Equal("long", await fixture.Server.ExecRawAsync("ZRANGE", _instance + "__MSOCT_b", "0", "-1"));
        Assert.Equal("b", await fixture.Server.ExecRawAsync("ZRANGE", _instance + "__MSOCT", "0", "-1"));
        Assert.Equal("0", await fixture.Server.ExecRawAsync("EXISTS", _instance + "__MSOCTGC"));
    }

    [Fact]
    public async Task The_background_sweep_runs_every_interval_in_a_host()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddRxRedis(o => o.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port));
        builder.Services.AddRxRedisOutputCache(o =>
        {
            o.InstanceName = _instance;
            o.TimeProvider = clock;
            o.GarbageCollectionInterval = TimeSpan.FromMilliseconds(50);
        });
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<RxRedisOutputCacheStore>();
        await store.SetAsync("swept", [1], ["gone"], TimeSpan.FromMinutes(1), CancellationToken.None);
        await host.StartAsync();

        // The sweeps run, but remove nothing until the entry's expiry has passed on the store's clock.
        await Task.Delay(200);
        Assert.Equal(1, await ZCardAsync(_instance + "__MSOCT_gone"));
        clock.Now += TimeSpan.FromMinutes(2);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await ZCardAsync(_instance + "__MSOCT") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no sweep removed the expired tag within 10 s");
            await Task.Delay(20);
        }
        Assert.Equal(0, await ZCardAsync(_instance + "__MSOCT_gone"));
        await host.StopAsync();
    }

    private ServiceProvider Services(TimeProvider clock) => new ServiceCollection()
        .AddRxRedis(o => o.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port))
        .AddRxRedisOutputCache(o =>
        {
            o.InstanceName = _instance;
            o.TimeProvider = clock;
        })
        .BuildServiceProvider();
}
