using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RxRedis.Diagnostics;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.AspNetCore.Tests.Aspire;

/// <summary><c>AddRxRedisClient</c> on a plain host built from in-memory configuration, as an Aspire app host would configure it.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class AspireClientIntegrationTests(RedisFixture fixture)
{
    private static HostApplicationBuilder Builder(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        return builder;
    }

    [Fact]
    public async Task The_client_comes_from_the_connection_string_with_its_health_check_traces_and_metrics()
    {
        var builder = Builder(new()
        {
            ["ConnectionStrings:cache"] = fixture.Server.Endpoint,
            ["Aspire:RxRedis:HealthCheckName"] = "cache-health",
        });
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        builder.AddRxRedisClient("cache", configureOptions: options => options.ClientName = "aspire-test");
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<RedisClient>();
        Assert.Equal(RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port), client.Options.EndPoint);
        Assert.Equal("aspire-test", client.Options.ClientName);
        await client.Set("aspire:" + Guid.NewGuid().ToString("N"), "value");

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, Assert.Single(report.Entries, e => e.Key == "cache-health").Value.Status);

        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush());
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush());
        Assert.Contains(spans, span => span.Source.Name == RedisTelemetry.ActivitySourceName && span.DisplayName.Contains("SET", StringComparison.Ordinal));
        Assert.Contains(metrics, metric => metric.MeterName == RedisTelemetry.MeterName);
        await host.StopAsync();
    }

    [Fact]
    public async Task Settings_can_turn_the_health_check_and_telemetry_off()
    {
        var builder = Builder(new()
        {
            ["Aspire:RxRedis:ConnectionString"] = fixture.Server.Endpoint,
            ["Aspire:RxRedis:DisableTracing"] = "true",
            ["Aspire:RxRedis:DisableMetrics"] = "true",
        });
        builder.AddRxRedisClient("absent", settings => settings.DisableHealthChecks = true);
        using var host = builder.Build();

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.Empty(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        Assert.Equal("PONG", (await host.Services.GetRequiredService<RedisClient>().Execute("PING")).AsString());
    }

    [Fact]
    public void A_missing_connection_string_names_where_it_is_looked_for()
    {
        var builder = Builder([]);
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddRxRedisClient("cache"));
        Assert.Contains("'ConnectionStrings:cache' or 'Aspire:RxRedis:ConnectionString'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_naming_its_key_and_never_its_password()
    {
        var builder = Builder(new() { ["ConnectionStrings:cache"] = "127.0.0.1:not-a-port,password=hunter2-secret" });
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddRxRedisClient("cache"));
        Assert.Contains("'ConnectionStrings:cache'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", error.ToString(), StringComparison.Ordinal);
    }
}
