using Microsoft.AspNetCore.SignalR;

namespace RxRedis.SignalR.Tests;

/// <summary>The hub both app instances serve; tests drive it through its <see cref="IHubContext{THub}"/>.</summary>
public sealed class TestHub : Hub
{
    /// <summary>A hub method that joins the caller to a group, to check a hub's own group calls too.</summary>
    public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

    /// <summary>The caller's id: a call the server answers only once the connection's OnConnectedAsync has finished.</summary>
    public string Ping() => Context.ConnectionId;
}
