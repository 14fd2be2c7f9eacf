namespace RxRedis.Extensions;

/// <summary>
/// What the client already knows about its connection, so the cache and the health check can fail at once while it
/// is down instead of queueing a command that waits out <see cref="RedisOptions.CommandTimeout"/> (issue 14).
/// </summary>
internal static class ConnectionStateCheck
{
    /// <summary>The client's current state: <see cref="RedisClient.ConnectionState"/> replays it to a new subscriber at once.</summary>
    public static ConnectionState Current(RedisClient client)
    {
        ConnectionState? current = null;
        using (client.ConnectionState.Subscribe(state => current = state))
        {
        }
        return current ?? throw new InvalidOperationException("The client's connection state stream replayed no state.");
    }

    /// <summary>
    /// Null while the client is connected (or is a cluster client, whose state stream is one node's); otherwise a
    /// description such as <c>Redis at host:port is disconnected (reconnect attempt 3 in 200 ms): reason</c>.
    /// </summary>
    public static string? WhyDown(RedisClient client)
    {
        if (client.Options.Cluster.Enabled)
        {
            return null;
        }
        var state = Current(client);
        var status = state.Status switch
        {
            ConnectionStatus.Connected => null,
            ConnectionStatus.Connecting => "not connected yet",
            ConnectionStatus.Reconnecting => $"disconnected (reconnect attempt {state.Attempt} in {state.Delay.TotalMilliseconds:0} ms)",
            ConnectionStatus.Disposed => "closed (the client was disposed)",
            _ => "disconnected",
        };
        return status is null ? null
            : state.Reason is { } reason ? $"Redis at {state.EndPoint} is {status}: {reason.Message}"
            : $"Redis at {state.EndPoint} is {status}.";
    }
}
