namespace RxRedis.Extensions;

/// <summary>Settings of <see cref="RxRedisCache"/>.</summary>
public sealed class RxRedisCacheOptions
{
    /// <summary>Put before every cache key, e.g. <c>"myapp:"</c>, so several applications can share a database. Default none.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>The clock that relative and sliding expirations are measured from. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
