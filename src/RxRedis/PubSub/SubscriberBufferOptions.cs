namespace RxRedis;

/// <summary>
/// The bounded buffer between the connection and one subscriber. Messages are handed to the buffer on the
/// connection's reader loop and delivered from the thread pool, so a slow subscriber only ever fills its own buffer.
/// </summary>
public sealed class SubscriberBufferOptions
{
    /// <summary>The defaults: 10,000 messages, dropping the oldest on overflow.</summary>
    public static SubscriberBufferOptions Default { get; } = new();

    /// <summary>How many undelivered messages one subscriber may have waiting. Default 10,000.</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>What happens when the buffer is full. Default <see cref="OverflowPolicy.DropOldest"/>.</summary>
    public OverflowPolicy Overflow { get; init; } = OverflowPolicy.DropOldest;

    internal void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1, nameof(Capacity));
}
