using Microsoft.AspNetCore.SignalR;

namespace RxRedis.SignalR.Internal;

/// <summary>What the backplane keeps for a connection held by this server.</summary>
internal sealed class LocalConnection(HubConnectionContext context, ConnectionOutbox outbox)
{
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);

    public HubConnectionContext Context { get; } = context;

    public string ConnectionId => Context.ConnectionId;

    public ConnectionOutbox Outbox { get; } = outbox;

    /// <summary>Its own channel's subscription, set once the channel is subscribed.</summary>
    public IDisposable? ChannelSubscription { get; set; }

    /// <summary>Records membership; false if it was a member already.</summary>
    public bool JoinGroup(string groupName)
    {
        lock (_groups)
        {
            return _groups.Add(groupName);
        }
    }

    /// <summary>Forgets membership; false if it was not a member.</summary>
    public bool LeaveGroup(string groupName)
    {
        lock (_groups)
        {
            return _groups.Remove(groupName);
        }
    }

    public string[] Groups()
    {
        lock (_groups)
        {
            return [.. _groups];
        }
    }
}
