using static RxRedis.Commands.CommandFlags;

namespace RxRedis.Commands;

// Sorted-set commands: https://redis.io/docs/latest/commands/?group=sorted-set (blocking ones are in CommandTable.cs)
public static partial class CommandTable
{
    internal static readonly CommandInfo ZAdd = Add("ZADD", None, 1, 1, 1);
    internal static readonly CommandInfo ZCard = Add("ZCARD", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo ZCount = Add("ZCOUNT", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo ZDiff = Add("ZDIFF", ReadOnly, keyCountAt: 1);
    internal static readonly CommandInfo ZDiffStore = Add("ZDIFFSTORE", Idempotent, 1, 1, 1, keyCountAt: 2);
    internal static readonly CommandInfo ZIncrBy = Add("ZINCRBY", None, 1, 1, 1);
    internal static readonly CommandInfo ZInter = Add("ZINTER", ReadOnly, keyCountAt: 1);
    internal static readonly CommandInfo ZInterCard = Add("ZINTERCARD", ReadOnly, keyCountAt: 1);
    internal static readonly CommandInfo ZInterStore = Add("ZINTERSTORE", Idempotent, 1, 1, 1, keyCountAt: 2);
    internal static readonly CommandInfo ZLexCount = Add("ZLEXCOUNT", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo ZMPop = Add("ZMPOP", None, keyCountAt: 1);
    internal static readonly CommandInfo ZMScore = Add("ZMSCORE", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo ZPopMax = Add("ZPOPMAX", None, 1, 1, 1);
    internal static readonly CommandInfo ZPopMin = Add("ZPOPMIN", None, 1, 1, 1);
    internal static readonly CommandInfo ZRandMember = Add("ZRANDMEMBER", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo ZRange = Add("ZRANGE", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo ZRangeStore = Add("ZRANGESTORE", Idempotent, 1, 2, 1);
    internal static readonly CommandInfo ZRank = Add("ZRANK", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo ZRem = Add("ZREM", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo ZRemRangeByLex = Add("ZREMRANGEBYLEX", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo ZRemRangeByRank = Add("ZREMRANGEBYRANK", None, 1, 1, 1);
    internal static readonly CommandInfo ZRemRangeByScore = Add("ZREMRANGEBYSCORE", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo ZRevRank = Add("ZREVRANK", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo ZScan = Add("ZSCAN", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo ZScore = Add("ZSCORE", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo ZUnion = Add("ZUNION", ReadOnly, keyCountAt: 1);
    internal static readonly CommandInfo ZUnionStore = Add("ZUNIONSTORE", Idempotent, 1, 1, 1, keyCountAt: 2);
}
