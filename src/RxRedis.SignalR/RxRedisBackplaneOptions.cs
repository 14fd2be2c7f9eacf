namespace RxRedis.SignalR;

/// <summary>Settings of the RxRedis SignalR backplane (<see cref="RxRedisHubLifetimeManager{THub}"/>).</summary>
public sealed class RxRedisBackplaneOptions
{
    /// <summary>How the backplane connects to Redis. It opens a client of its own, as Microsoft's backplane does. Default: localhost:6379.</summary>
    public RedisOptions Redis { get; set; } = new();

    /// <summary>
    /// Put before every channel name (<c>{prefix}{hub type}:all</c>, ...). Apps that share one Redis and must not see each
    /// other's messages use different prefixes. Default <c>rxredis:</c>, so the backplane never reads the messages of
    /// Microsoft's backplane, whose format differs, on a shared server.
    /// </summary>
    public string ChannelPrefix { get; set; } = "rxredis:";

    /// <summary>How long adding or removing a connection on another server waits for that server's acknowledgement. Default 30 s.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many messages from the backplane may wait for one local connection that reads slowly. When it is full the
    /// connection is aborted (its client reconnects) rather than holding back the messages of every other connection.
    /// Default 10,000.
    /// </summary>
    public int ConnectionBufferCapacity { get; set; } = 10_000;

    internal void Validate()
    {
        if (Redis is null)
        {
            throw new ArgumentException($"{nameof(RxRedisBackplaneOptions)}.{nameof(Redis)} must be set.", nameof(Redis));
        }
        if (ChannelPrefix is null)
        {
            throw new ArgumentException($"{nameof(RxRedisBackplaneOptions)}.{nameof(ChannelPrefix)} must not be null (use an empty string for none).", nameof(ChannelPrefix));
        }
        if (AckTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AckTimeout), AckTimeout, $"{nameof(RxRedisBackplaneOptions)}.{nameof(AckTimeout)} must be positive.");
        }
        if (ConnectionBufferCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectionBufferCapacity), ConnectionBufferCapacity,
                $"{nameof(RxRedisBackplaneOptions)}.{nameof(ConnectionBufferCapacity)} must be at least 1.");
        }
    }
}
