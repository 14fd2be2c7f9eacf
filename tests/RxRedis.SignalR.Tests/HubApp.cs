using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RxRedis.SignalR.Tests;

/// <summary>One app instance: a real Kestrel host on 127.0.0.1 with a free port, serving <see cref="TestHub"/> at /hub.</summary>
internal sealed class HubApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<HubConnection> _clients = [];

    private HubApp(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public IHubContext<TestHub> Hub => _app.Services.GetRequiredService<IHubContext<TestHub>>();

    public HubLifetimeManager<TestHub> LifetimeManager => _app.Services.GetRequiredService<HubLifetimeManager<TestHub>>();

    /// <summary>Starts an instance whose SignalR is scaled out by <paramref name="backplane"/>, with <paramref name="hub"/> options.</summary>
    public static async Task<HubApp> StartAsync(Action<ISignalRServerBuilder> backplane, Action<HubOptions>? hub = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IUserIdProvider, QueryUserIdProvider>();
        backplane(builder.Services.AddSignalR(hub ?? (_ => { })));
        var app = builder.Build();
        app.MapHub<TestHub>("/hub");
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new HubApp(app, url);
    }

    /// <summary>Connects a real SignalR client over WebSockets; <paramref name="setup"/> registers its handlers first.</summary>
    public async Task<HubConnection> ConnectAsync(Action<HubConnection> setup, string? user = null)
    {
        var client = new HubConnectionBuilder()
            .WithUrl(user is null ? $"{Url}/hub" : $"{Url}/hub?user={Uri.EscapeDataString(user)}")
            .Build();
        setup(client);
        await client.StartAsync();
        // StartAsync ends with the handshake, before the server's lifetime manager has subscribed the connection's
        // channel; a message sent to it by id before then reaches nobody (a busy CI run lost one). The server takes
        // invocations only after OnConnectedAsync, so this round trip waits for it.
        await client.InvokeAsync<string>(nameof(TestHub.Ping));
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
