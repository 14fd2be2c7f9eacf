namespace RxRedis;

/// <summary>
/// The server's <c>notify-keyspace-events</c> setting does not publish keyspace events, so a key event stream would
/// stay silent. Enable them on the server (<c>CONFIG SET notify-keyspace-events KA</c>) or pass
/// <c>enableOnServer: true</c> to <see cref="RedisClient.KeyEvents"/>.
/// </summary>
public sealed class KeyspaceNotificationsDisabledException : RedisException
{
    /// <summary>Creates the error for the server's current <paramref name="flags"/>.</summary>
    public KeyspaceNotificationsDisabledException(string flags)
        : base(
            $"Keyspace notifications are off on the server (notify-keyspace-events is \"{flags}\"; it needs K and at least one event class). "
            + "Run CONFIG SET notify-keyspace-events KA, or pass enableOnServer: true to KeyEvents.",
            CommandOutcome.Rejected) => Flags = flags;

    /// <summary>The server's <c>notify-keyspace-events</c> value.</summary>
    public string Flags { get; }
}
