using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace RxRedis.Extensions.Tests;

/// <summary>A real ASP.NET Core host on a free loopback port, for tests that need one.</summary>
internal static class LoopbackWebApp
{
    /// <summary>A builder that listens on 127.0.0.1 with a port the system picks.</summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder;
    }

    /// <summary>Starts <paramref name="app"/>, GETs <paramref name="path"/> and stops it; returns the body.</summary>
    public static async Task<string> GetOnceAsync(WebApplication app, string path)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient();
        var body = await http.GetStringAsync(address + path);
        await app.StopAsync();
        return body;
    }
}
