namespace RxRedis.Diagnostics;

/// <summary>
/// The <see cref="Microsoft.Extensions.Logging.EventId"/> numbers that <see cref="RedisDiagnostics"/> logs with. They
/// are stable across versions, so filters and alerts can rely on them.
/// </summary>
public static class RedisLogEvents
{
    /// <summary>Information: the client connected (or reconnected) and finished the handshake.</summary>
    public const int Connected = 1000;

    /// <summary>Warning: the connection broke, or a reconnect attempt failed; the exception says why.</summary>
    public const int Disconnected = 1001;

    /// <summary>Information: a reconnect attempt is scheduled (attempt number and delay).</summary>
    public const int Reconnecting = 1002;

    /// <summary>Information: the client was disposed; its connection is closed for good.</summary>
    public const int Closed = 1003;

    /// <summary>Debug: a socket is being opened (every connect and reconnect, before the handshake).</summary>
    public const int Dialling = 1004;

    /// <summary>Warning: opening a socket failed.</summary>
    public const int DialFailed = 1005;

    /// <summary>Warning: a command attempt failed with a retryable error and will be sent again.</summary>
    public const int Retrying = 1010;

    /// <summary>Warning: a command took longer than <see cref="RedisDiagnosticsOptions.SlowCommandThreshold"/>.</summary>
    public const int SlowCommand = 1020;

    /// <summary>Information: a sentinel named the node (primary or replica) of the service that a connection dials.</summary>
    public const int SentinelResolved = 1030;

    /// <summary>Warning: a sentinel announced a failover (<c>+switch-master</c>) of the client's service.</summary>
    public const int SentinelSwitchMaster = 1031;

    /// <summary>Information: the client learned of a new primary and closed its connections to nodes that no longer serve it.</summary>
    public const int SentinelPrimaryChanged = 1032;

    /// <summary>Warning: listening to the sentinels for failovers failed; it is tried again after a backoff.</summary>
    public const int SentinelMonitorFailed = 1033;

    /// <summary>Information: a connection-string option (StackExchange.Redis vocabulary) that changes nothing in RxRedis was accepted.</summary>
    public const int IgnoredConnectionStringOption = 1040;

    /// <summary>Error: user code (an observer's OnNext/OnError/OnCompleted, or a hook) threw into the client; see <see cref="RedisClient.CallbackErrors"/>.</summary>
    public const int CallbackFailed = 1050;
}
