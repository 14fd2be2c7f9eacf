namespace RxRedis.Extensions;

/// <summary>Settings of <see cref="RxRedisCache"/>.</summary>
public sealed class RxRedisCacheOptions
{
    /// <summary>
    /// Put before every cache key, e.g. <c>"myapp:"</c>, so several applications can share a database. Default none.
    /// The same as Microsoft's <c>RedisCacheOptions.InstanceName</c>: give both the same value to share entries.
    /// </summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>The clock that relative and sliding expirations are measured from. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// When true, <c>Get</c> and <c>TryGet</c> return an entry without renewing its sliding window; only
    /// <c>Refresh</c> renews it (HybridCache, for one, refreshes on its own schedule). Default false, as in
    /// Microsoft's caches.
    /// </summary>
    public bool DisableSlidingExpirationRefresh { get; set; }

    /// <summary>
    /// When true (the default), a cache call made while the client knows its connection is down fails at once with
    /// <see cref="RedisConnectionException"/> ("Redis at host:port is disconnected: ...") instead of waiting up to
    /// <see cref="RedisOptions.CommandTimeout"/> for a reconnect. A cache is an optimisation: callers fall back to
    /// the source quickly. Not applied to clusters (their state stream is one node's).
    /// </summary>
    public bool FailFastWhileDisconnected { get; set; } = true;
}
