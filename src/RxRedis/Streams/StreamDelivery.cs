namespace RxRedis;

/// <summary>How a <see cref="StreamMessage"/> reached its consumer.</summary>
public enum StreamDelivery
{
    /// <summary>A new entry, read with <c>XREADGROUP ... &gt;</c>.</summary>
    New,

    /// <summary>
    /// This consumer's own unacknowledged entry, read again from its pending list (<c>XREADGROUP ... 0</c>) after a
    /// restart or a connection failure: it may have been processed before.
    /// </summary>
    Pending,

    /// <summary>An entry another consumer left pending too long, taken over with <c>XAUTOCLAIM</c>: it may have been processed before.</summary>
    Claimed,
}
