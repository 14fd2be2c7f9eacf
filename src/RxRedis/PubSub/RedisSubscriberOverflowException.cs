namespace RxRedis;

/// <summary>
/// Ends a subscriber whose buffer filled up under <see cref="OverflowPolicy.Fail"/>. The server subscription and the
/// other subscribers are unaffected.
/// </summary>
public sealed class RedisSubscriberOverflowException : RedisException
{
    /// <summary>Creates the error for a subscriber of <paramref name="channel"/> whose buffer of <paramref name="capacity"/> filled up.</summary>
    public RedisSubscriberOverflowException(string channel, int capacity)
        : base($"A subscriber of {channel} fell {capacity} messages behind and was ended (OverflowPolicy.Fail).", CommandOutcome.Rejected)
    {
        Channel = channel;
        Capacity = capacity;
    }

    /// <summary>The channel or pattern subscribed to.</summary>
    public string Channel { get; }

    /// <summary>The buffer capacity that was exceeded.</summary>
    public int Capacity { get; }
}
