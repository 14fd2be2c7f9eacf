namespace RxRedis.Caching;

/// <summary>
/// A read in flight whose reply may be cached. Taken before the command is sent; an invalidation of its key or a
/// lost connection voids it, so a reply that raced an invalidation is returned to the caller but never cached.
/// </summary>
internal sealed class CacheFill(CacheKey key, long epoch)
{
    public CacheKey Key { get; } = key;

    /// <summary>The connection epoch the read was sent in; tracking covers only reads of the current epoch.</summary>
    public long Epoch { get; } = epoch;

    public bool Voided { get; set; }
}
