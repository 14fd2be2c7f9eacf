using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RxRedis.AspNetCore.OutputCaching;

namespace RxRedis.AspNetCore.Tests.OutputCaching;

/// <summary>
/// One instance of a web app on a loopback port, output-cached in Redis: <c>GET /stamp</c> answers
/// "{instance}-{how many times this instance ran the handler}", cached for a minute under the tag "stamps".
/// </summary>
internal sealed class OutputCacheApp : IAsyncDisposable
{
    public const string Tag = "stamps";

    private readonly WebApplication _app;
    private int _handled;

    private OutputCacheApp(WebApplication app) => _app = app;

    public HttpClient Http { get; } = new();

    public int Handled => Volatile.Read(ref _handled);

    public IOutputCacheStore Store => _app.Services.GetRequiredService<IOutputCacheStore>();

    public static async Task<OutputCacheApp> StartAsync(string name, int redisPort, string instanceName)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddRxRedis(o => o.EndPoint = RedisEndPoint.Tcp("127.0.0.1", redisPort));
        builder.Services.AddOutputCache();
        builder.Services.AddRxRedisOutputCache(o => o.InstanceName = instanceName);
        var app = builder.Build();
        var instance = new OutputCacheApp(app);
        app.UseOutputCache();
        app.MapGet("/stamp", () => $"{name}-{Interlocked.Increment(ref instance._handled)}")
            .CacheOutput(policy => policy.Expire(TimeSpan.FromMinutes(1)).Tag(Tag));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        instance.Http.BaseAddress = new Uri(address);
        return instance;
    }

    /// <summary>
    /// GETs /stamp. Every instance is asked under one Host name, as behind a load balancer: the output cache's key
    /// includes the host, and each instance listens on its own port.
    /// </summary>
    public async Task<string> GetStampAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/stamp");
        request.Headers.Host = "app.test";
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
