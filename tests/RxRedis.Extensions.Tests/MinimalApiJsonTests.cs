using System.Reactive.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.Extensions.Tests;

/// <summary>Issue 14: a minimal API that returns values read from Redis writes them as JSON text, not struct properties.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class MinimalApiJsonTests(RedisFixture fixture)
{
    [Fact]
    public async Task A_minimal_api_returns_keys_and_values_as_text_and_binary_as_base64()
    {
        var prefix = $"json-{Guid.NewGuid():N}:";
        await fixture.Server.ExecRawAsync("SET", prefix + "a", "hello");
        var builder = LoopbackWebApp.CreateBuilder();
        builder.Services.AddRxRedis(fixture.Server.Endpoint);
        await using var app = builder.Build();
        app.MapGet("/scan", async (RedisClient client) =>
        {
            await client.Set(prefix + "bin", new byte[] { 0xff, 0x00 });
            var keys = await client.Scan(new ScanOptions { Match = prefix + "*" }).ToList();
            var ordered = keys.OrderBy(k => k.ToString(), StringComparer.Ordinal).ToList();
            var values = await client.MGet([.. ordered]);
            return ordered.Select((key, i) => new { Key = key, Value = values[i] });
        });
        var json = await LoopbackWebApp.GetOnceAsync(app, "/scan");
        Assert.Equal($$$"""[{"key":"{{{prefix}}}a","value":"hello"},{"key":"{{{prefix}}}bin","value":{"base64":"/wA="}}]""", json);
    }
}
