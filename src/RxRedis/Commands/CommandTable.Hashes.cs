using static RxRedis.Commands.CommandFlags;

namespace RxRedis.Commands;

// Hash commands: https://redis.io/docs/latest/commands/?group=hash
public static partial class CommandTable
{
    internal static readonly CommandInfo HDel = Add("HDEL", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo HExists = Add("HEXISTS", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HGet = Add("HGET", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HGetAll = Add("HGETALL", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HIncrBy = Add("HINCRBY", None, 1, 1, 1);
    internal static readonly CommandInfo HIncrByFloat = Add("HINCRBYFLOAT", None, 1, 1, 1);
    internal static readonly CommandInfo HKeys = Add("HKEYS", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HLen = Add("HLEN", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HMGet = Add("HMGET", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HRandField = Add("HRANDFIELD", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HScan = Add("HSCAN", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HSet = Add("HSET", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo HSetNx = Add("HSETNX", None, 1, 1, 1);
    internal static readonly CommandInfo HStrLen = Add("HSTRLEN", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo HVals = Add("HVALS", ReadOnly, 1, 1, 1);
}
