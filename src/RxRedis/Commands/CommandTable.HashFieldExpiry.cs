using static RxRedis.Commands.CommandFlags;

namespace RxRedis.Commands;

// Redis 7.4 hash-field expiry (https://redis.io/docs/latest/develop/data-types/hashes/#field-expiration) and the
// Redis 7.2 WAITAOF. Key at 1 like every hash command, so cluster routing follows the hash's slot; the flags follow
// the key-level EXPIRE family (setting the same expiry again leaves the same state). Issue 16.
public static partial class CommandTable
{
    internal static readonly CommandInfo HExpire = Add("HEXPIRE", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo HPExpire = Add("HPEXPIRE", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo HExpireAt = Add("HEXPIREAT", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo HPExpireAt = Add("HPEXPIREAT", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo HTtl = Add("HTTL", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HPTtl = Add("HPTTL", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HExpireTime = Add("HEXPIRETIME", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HPExpireTime = Add("HPEXPIRETIME", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HPersist = Add("HPERSIST", Idempotent, 1, 1, 1);

    // Like WAIT it holds its connection until the fsyncs are acknowledged, so it needs a dedicated one.
    internal static readonly CommandInfo WaitAof = Add("WAITAOF", Blocking);
}
