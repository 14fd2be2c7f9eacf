namespace RxRedis.AspNetCore.OutputCaching;

/// <summary>Options of <see cref="RxRedisOutputCacheStore"/>.</summary>
public sealed class RxRedisOutputCacheOptions
{
    /// <summary>
    /// Prefixes every key, to share one database between apps; the same as <c>RedisCacheOptions.InstanceName</c> of
    /// Microsoft's store, whose key layout this store keeps. Default empty.
    /// </summary>
    public string InstanceName { get; set; } = "";

    /// <summary>
    /// How often stale tag bookkeeping is swept (at most one instance sweeps at a time); null turns the sweep off.
    /// Default 5 minutes, as Microsoft's store. Cached values expire by their own TTL either way.
    /// </summary>
    public TimeSpan? GarbageCollectionInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock tag expiries are computed from (Unix milliseconds in the tag sorted sets).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
