using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.Extensions.Tests;

/// <summary>
/// Issue 14: while the client knows its connection is down, the cache and the health check say so at once instead
/// of queueing a command that waits out the 5 s command timeout. Each test owns a server it can kill.
/// Only that fast path words its answer "Redis at host:port is disconnected" (a queued command would end in a timeout
/// or reach the restarted server), so the message proves the path; the time taken is printed, not bounded: a wall-clock
/// bound failed once at 1.004 s on a CI machine busy with the other test assemblies.
/// </summary>
public sealed class DisconnectedTests(ITestOutputHelper output)
{
    private static async Task<(RedisServerProcess Server, ServiceProvider Provider)> StartAsync(Action<RxRedisCacheOptions>? cache = null)
    {
        var server = await RedisServerProcess.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddRxRedisDistributedCache(server.Endpoint, cache);
        services.AddHealthChecks().AddRxRedisHealthCheck();
        var provider = services.BuildServiceProvider();
        var client = await provider.GetRequiredService<RedisClientProvider>().GetClientAsync();
        await provider.GetRequiredService<IDistributedCache>().SetAsync("k", [1], new DistributedCacheEntryOptions());
        server.Kill();
        // The reader sees the socket close; from then on the state is Disconnected, then Reconnecting.
        await client.ConnectionState.FirstAsync(s => s.Status is ConnectionStatus.Disconnected or ConnectionStatus.Reconnecting)
            .Timeout(TimeSpan.FromSeconds(10)).ToTask();
        return (server, provider);
    }

    [Fact]
    public async Task The_cache_fails_at_once_saying_the_connection_is_down()
    {
        var (server, provider) = await StartAsync();
        await using (server)
        await using (provider)
        {
            var cache = provider.GetRequiredService<IDistributedCache>();
            var watch = Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<RedisConnectionException>(() => cache.GetAsync("k"));
            output.WriteLine($"the cache failed after {watch.Elapsed.TotalMilliseconds:0.0} ms");
            Assert.Contains($"Redis at {server.Endpoint} is disconnected", e.Message, StringComparison.Ordinal);
            Assert.Equal(CommandOutcome.NotSent, e.Outcome);
            await Assert.ThrowsAsync<RedisConnectionException>(() => cache.SetAsync("k", [2], new DistributedCacheEntryOptions()));
        }
    }

    [Fact]
    public async Task The_health_check_reports_the_state_at_once()
    {
        var (server, provider) = await StartAsync();
        await using (server)
        await using (provider)
        {
            var watch = Stopwatch.StartNew();
            var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            output.WriteLine($"the health check answered after {watch.Elapsed.TotalMilliseconds:0.0} ms");
            var entry = report.Entries["redis"];
            Assert.Equal(HealthStatus.Unhealthy, entry.Status);
            Assert.StartsWith($"Redis is unavailable: Redis at {server.Endpoint} is disconnected", entry.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task With_fail_fast_off_the_cache_waits_for_the_reconnect()
    {
        var (server, provider) = await StartAsync(o => o.FailFastWhileDisconnected = false);
        await using (server)
        await using (provider)
        {
            var pending = provider.GetRequiredService<IDistributedCache>().GetAsync("k");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            Assert.False(pending.IsCompleted);
            await server.RestartAsync();
            // The restarted server has no data (no persistence): the queued read reaches it and finds nothing.
            Assert.Null(await pending);
        }
    }
}
