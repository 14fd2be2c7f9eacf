using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.Extensions.Tests;

[Collection(RedisCollectionDefinition.Name)]
public sealed class HealthCheckTests(RedisFixture fixture)
{
    private static async Task<HealthReport> CheckAsync(Action<RedisOptions> configure, TimeSpan? timeout = null)
    {
        var services = new ServiceCollection().AddRxRedis(configure);
        // The health check service logs; a host would supply real logging.
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddHealthChecks().AddRxRedisHealthCheck(timeout: timeout);
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }

    [Fact]
    public async Task Healthy_when_the_server_answers_ping()
    {
        var report = await CheckAsync(o => o.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port));
        var entry = report.Entries["redis"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Contains(fixture.Server.Endpoint, entry.Description, StringComparison.Ordinal);
        Assert.Contains("PONG", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_fast_with_the_reason_and_no_password_when_nothing_listens()
    {
        var port = FreePort.Next();
        var watch = Stopwatch.StartNew();
        var report = await CheckAsync(o =>
        {
            o.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, port);
            o.Password = "hunter2-secret";
        });
        var entry = report.Entries["redis"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.Contains("Redis is unavailable", entry.Description, StringComparison.Ordinal);
        Assert.Contains($"{RedisServerProcess.Host}:{port}", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", entry.Exception?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_at_the_timeout_when_the_server_never_answers()
    {
        // A listener that accepts connections and never replies: the handshake hangs until the check's timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var watch = Stopwatch.StartNew();
        var report = await CheckAsync(o => o.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, port), TimeSpan.FromMilliseconds(300));
        var entry = report.Entries["redis"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("Redis did not answer PING within 300 ms.", entry.Description);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }
}
