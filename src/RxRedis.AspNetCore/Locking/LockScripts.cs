namespace RxRedis.AspNetCore.Locking;

/// <summary>
/// The scripts behind <see cref="RedisDistributedLock"/>; KEYS[1] is the lock, ARGV[1] the owner's random id. Each
/// runs atomically, so "is it still mine?" and the write that follows cannot interleave with another client
/// (https://redis.io/docs/latest/develop/use/patterns/distributed-locks/).
/// </summary>
internal static class LockScripts
{
    /// <summary>KEYS[2] the fencing counter; ARGV[2] the lease in ms. The new fencing token, or nil when held.</summary>
    public static readonly RedisScript Acquire = new("""
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return redis.call('INCR', KEYS[2])
        end
        return false
        """);

    /// <summary>ARGV[2] the lease in ms. 1 when renewed, 0 when the key is gone or another owner's.</summary>
    public static readonly RedisScript Renew = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """);

    /// <summary>
    /// ARGV[2] the release channel, told so that waiters try at once. 1 when deleted, 0 when the key is gone or
    /// another owner's (which is left alone).
    /// </summary>
    public static readonly RedisScript Release = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
          redis.call('PUBLISH', ARGV[2], '1')
          return 1
        end
        return 0
        """);

    /// <summary>The channel a release of <paramref name="key"/> is published on.</summary>
    public static string ReleaseChannel(string key) => key + ":released";
}
