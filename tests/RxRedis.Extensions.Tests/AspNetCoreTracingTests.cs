using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using RxRedis.Diagnostics;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.Extensions.Tests;

/// <summary>
/// Issue 14: README's ASP.NET Core + OpenTelemetry setup. RxRedis spans are children of the request's activity;
/// OpenTelemetry's default (parent-based) sampler drops them unless the request activity itself is recorded, which
/// is what AddAspNetCoreInstrumentation does.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class AspNetCoreTracingTests(RedisFixture fixture)
{
    private async Task<List<Activity>> SpansOfOneRequestAsync(bool aspNetCoreInstrumentation)
    {
        var spans = new List<Activity>();
        var builder = LoopbackWebApp.CreateBuilder();
        builder.Services.AddRxRedis(fixture.Server.Endpoint);
        builder.Services.AddOpenTelemetry().WithTracing(t =>
        {
            if (aspNetCoreInstrumentation)
            {
                t.AddAspNetCoreInstrumentation();
            }
            t.AddSource(RedisTelemetry.ActivitySourceName).AddInMemoryExporter(spans);
        });
        await using (var app = builder.Build())
        {
            app.MapGet("/ping", async (RedisClient client) => (await client.Ping()).ToString());
            Assert.Equal("PONG", await LoopbackWebApp.GetOnceAsync(app, "/ping"));
        }
        // Disposing the host disposed the tracer provider, which flushed the exporter.
        return spans;
    }

    [Fact]
    public async Task With_the_aspnetcore_instrumentation_the_redis_span_is_recorded_under_the_request()
    {
        var spans = await SpansOfOneRequestAsync(aspNetCoreInstrumentation: true);
        var ping = Assert.Single(spans, s => s.Source.Name == RedisTelemetry.ActivitySourceName);
        Assert.Equal("PING", ping.DisplayName);
        var request = Assert.Single(spans, s => s.Source.Name != RedisTelemetry.ActivitySourceName);
        Assert.Equal(request.SpanId, ping.ParentSpanId);
    }

    [Fact]
    public async Task Without_it_the_redis_span_is_dropped_as_readme_warns()
    {
        var spans = await SpansOfOneRequestAsync(aspNetCoreInstrumentation: false);
        Assert.Empty(spans);
    }
}
