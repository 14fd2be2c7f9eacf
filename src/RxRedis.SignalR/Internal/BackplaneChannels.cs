namespace RxRedis.SignalR.Internal;

/// <summary>
/// The channel names of one hub. They follow the shape of Microsoft's backplane (<c>{hub}:all</c>, <c>{hub}:group:{name}</c>, ...)
/// behind <see cref="RxRedisBackplaneOptions.ChannelPrefix"/>; group commands go to the connection's own channel, so
/// only the server that holds the connection hears them.
/// </summary>
internal sealed class BackplaneChannels(string prefix, string hubName)
{
    private readonly string _root = prefix + hubName;

    /// <summary>Every connection of the hub, on every server.</summary>
    public string All => _root + ":all";

    /// <summary>One connection: its invocations and the group commands for it.</summary>
    public string Connection(string connectionId) => $"{_root}:connection:{connectionId}";

    /// <summary>The connections in one group.</summary>
    public string Group(string groupName) => $"{_root}:group:{groupName}";

    /// <summary>The connections of one user.</summary>
    public string User(string userId) => $"{_root}:user:{userId}";

    /// <summary>One server's inbox: acknowledgements of its group commands and the results of its client invocations.</summary>
    public string Server(string serverName) => $"{_root}:internal:server:{serverName}";
}
