namespace RxRedis;

/// <summary>Keys dropped from the client-side cache because the server said they changed, or everything.</summary>
/// <param name="Keys">The keys invalidated; empty when <paramref name="All"/> is true.</param>
/// <param name="All">True when the whole cache was flushed (<c>FLUSHALL</c>/<c>FLUSHDB</c> on the server, or a lost connection).</param>
public sealed record CacheInvalidation(IReadOnlyList<RedisKey> Keys, bool All);
