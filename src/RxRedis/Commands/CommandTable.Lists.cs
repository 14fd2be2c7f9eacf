using static RxRedis.Commands.CommandFlags;

namespace RxRedis.Commands;

// List commands: https://redis.io/docs/latest/commands/?group=list (blocking ones are in CommandTable.cs)
public static partial class CommandTable
{
    internal static readonly CommandInfo LIndex = Add("LINDEX", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo LInsert = Add("LINSERT", None, 1, 1, 1);
    internal static readonly CommandInfo LLen = Add("LLEN", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo LMove = Add("LMOVE", None, 1, 2, 1);
    internal static readonly CommandInfo LMPop = Add("LMPOP", None, keyCountAt: 1);
    internal static readonly CommandInfo LPop = Add("LPOP", None, 1, 1, 1);
    internal static readonly CommandInfo LPos = Add("LPOS", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo LPush = Add("LPUSH", None, 1, 1, 1);
    internal static readonly CommandInfo LPushX = Add("LPUSHX", None, 1, 1, 1);
    internal static readonly CommandInfo LRange = Add("LRANGE", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo LRem = Add("LREM", None, 1, 1, 1);
    internal static readonly CommandInfo LSet = Add("LSET", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo LTrim = Add("LTRIM", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo RPop = Add("RPOP", None, 1, 1, 1);
    internal static readonly CommandInfo RPopLPush = Add("RPOPLPUSH", None, 1, 2, 1);
    internal static readonly CommandInfo RPush = Add("RPUSH", None, 1, 1, 1);
    internal static readonly CommandInfo RPushX = Add("RPUSHX", None, 1, 1, 1);
}
