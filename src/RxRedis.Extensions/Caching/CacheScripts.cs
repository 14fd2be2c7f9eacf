namespace RxRedis.Extensions;

/// <summary>
/// The Lua scripts behind <see cref="RxRedisCache"/>. An entry is a hash {absexp, sldexp, data} in the layout of
/// Microsoft.Extensions.Caching.StackExchangeRedis, so both caches read and refresh each other's entries on one
/// server: absexp is the absolute expiry in UTC ticks (100 ns since 0001-01-01), sldexp the sliding window in ticks,
/// -1 when unset. Scripts run atomically, so a read and the renewal of its sliding window cannot interleave with a
/// Set or Remove. Lua numbers are doubles: ticks (~6.4e17) lose up to ~13 µs, far below the millisecond TTLs set.
/// </summary>
internal static class CacheScripts
{
    /// <summary>KEYS[1] the key; ARGV absexp, sldexp (ticks, -1: none), ttl in ms (-1: none), data.</summary>
    public const string Set = """
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'absexp', ARGV[1], 'sldexp', ARGV[2], 'data', ARGV[4])
        if ARGV[3] ~= '-1' then
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
        end
        return 1
        """;

    /// <summary>
    /// KEYS[1] the key; ARGV now in UTC ticks, '1' to return the data, '1' to renew the sliding window. Renews the
    /// window (never past the absolute expiry; an entry past it is deleted) and returns the data, or nil when the
    /// entry is missing.
    /// </summary>
    public const string GetAndRefresh = """
        local entry = redis.call('HMGET', KEYS[1], 'absexp', 'sldexp', 'data')
        if not entry[3] then
          return false
        end
        local sliding = tonumber(entry[2])
        if ARGV[3] == '1' and sliding and sliding > 0 then
          local ttl = sliding / 10000
          local absolute = tonumber(entry[1])
          if absolute and absolute > 0 then
            local left = (absolute - tonumber(ARGV[1])) / 10000
            if left <= 0 then
              redis.call('DEL', KEYS[1])
              return false
            end
            if left < ttl then
              ttl = left
            end
          end
          redis.call('PEXPIRE', KEYS[1], string.format('%d', math.ceil(ttl)))
        end
        if ARGV[2] == '1' then
          return entry[3]
        end
        return false
        """;
}
