namespace RxRedis;

/// <summary>
/// Client-side caching settings (https://redis.io/docs/latest/develop/reference/client-side-caching/). The cache is
/// bounded by both <see cref="MaxEntries"/> and <see cref="MaxBytes"/>, evicting the least recently used entry.
/// </summary>
public sealed class ClientCacheOptions
{
    /// <summary>The most entries kept. Default 10,000.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>The most bytes kept (keys, values and a fixed per-entry overhead). Default 64 MiB.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// An upper bound on how long an entry is served without asking the server again, measured on the client's
    /// scheduler; null (default) keeps entries until invalidated or evicted.
    /// </summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>
    /// Broadcast mode (<c>CLIENT TRACKING ON BCAST</c>): the server sends invalidations for every key under
    /// <see cref="Prefixes"/>, read or not, and keeps no per-key state. Default false: the server remembers which
    /// keys this client read and invalidates only those.
    /// </summary>
    public bool Broadcast { get; init; }

    /// <summary>With <see cref="Broadcast"/>, the key prefixes to watch (<c>PREFIX p</c>); empty means every key.</summary>
    public IReadOnlyList<string> Prefixes { get; init; } = [];

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEntries, 1, nameof(MaxEntries));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, 1, nameof(MaxBytes));
        if (TimeToLive is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(TimeToLive));
        }
        ArgumentNullException.ThrowIfNull(Prefixes, nameof(Prefixes));
        if (!Broadcast && Prefixes.Count > 0)
        {
            throw new ArgumentException("Prefixes apply only to broadcast mode.", nameof(Prefixes));
        }
    }
}
