namespace RxRedis.Caching;

/// <summary>
/// What a cached read asked: the command, the Redis key and any sub-key (a hash field), so <c>GET k</c>,
/// <c>HGET k f</c> and <c>HGETALL k</c> are separate entries that one invalidation of <c>k</c> drops together.
/// Keys are held as Latin-1 strings: one char per byte, so binary keys round-trip exactly.
/// </summary>
internal readonly record struct CacheKey(string Command, string Key, string? Field = null)
{
    public static string KeyText(ReadOnlySpan<byte> key) => System.Text.Encoding.Latin1.GetString(key);

    public static string KeyText(RedisKey key) => KeyText(key.ToArray());

    public int Size => 2 * (Key.Length + (Field?.Length ?? 0));
}
