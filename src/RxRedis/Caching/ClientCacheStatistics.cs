namespace RxRedis;

/// <summary>A snapshot of the client-side cache's counters.</summary>
/// <param name="Hits">Reads answered from the cache.</param>
/// <param name="Misses">Reads that went to the server.</param>
/// <param name="Entries">Entries held now.</param>
/// <param name="Bytes">Bytes held now (as counted against <see cref="ClientCacheOptions.MaxBytes"/>).</param>
/// <param name="Evictions">Entries removed to stay within the bounds or because their time to live passed.</param>
/// <param name="Invalidations">Entries removed because the server invalidated them (or the connection was lost).</param>
public sealed record ClientCacheStatistics(long Hits, long Misses, int Entries, long Bytes, long Evictions, long Invalidations);
