namespace RxRedis;

/// <summary>What a subscriber's buffer does when messages arrive faster than the subscriber handles them.</summary>
public enum OverflowPolicy
{
    /// <summary>Discard the oldest buffered message to make room, and count it in <see cref="RedisSubscription{T}.DroppedCount"/>.</summary>
    DropOldest,
    /// <summary>End that subscriber with a <see cref="RedisSubscriberOverflowException"/>; other subscribers carry on.</summary>
    Fail,
}
