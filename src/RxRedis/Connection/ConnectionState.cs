namespace RxRedis;

/// <summary>The phases a client's connection goes through.</summary>
public enum ConnectionStatus
{
    /// <summary>The first connection attempt is under way.</summary>
    Connecting,
    /// <summary>Connected and handshaken; commands flow.</summary>
    Connected,
    /// <summary>The connection broke; <see cref="ConnectionState.Reason"/> says why.</summary>
    Disconnected,
    /// <summary>Waiting <see cref="ConnectionState.Delay"/> before reconnect attempt <see cref="ConnectionState.Attempt"/>.</summary>
    Reconnecting,
    /// <summary>The client was disposed; no further states follow.</summary>
    Disposed,
}

/// <summary>One change of a client's connection state, as published by <see cref="RedisClient.ConnectionState"/>.</summary>
/// <param name="Status">The new phase.</param>
/// <param name="EndPoint">
/// The server concerned: the one connected (or last connected) to. With <see cref="RedisOptions.Sentinel"/> that is
/// the node the sentinels named, so a failover shows as a new endpoint; before the first connection it is
/// <see cref="RedisOptions.EndPoint"/>, which Sentinel does not use.
/// </param>
/// <param name="Reason">Why the connection broke or an attempt failed, when it did.</param>
/// <param name="Attempt">The reconnect attempt number (1 for the first retry), for <see cref="ConnectionStatus.Reconnecting"/>.</param>
/// <param name="Delay">The wait before that attempt, for <see cref="ConnectionStatus.Reconnecting"/>.</param>
public sealed record ConnectionState(
    ConnectionStatus Status,
    RedisEndPoint EndPoint,
    Exception? Reason = null,
    int Attempt = 0,
    TimeSpan Delay = default);
