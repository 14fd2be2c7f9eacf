using static RxRedis.Commands.CommandFlags;

namespace RxRedis.Commands;

// Set commands: https://redis.io/docs/latest/commands/?group=set
public static partial class CommandTable
{
    internal static readonly CommandInfo SAdd = Add("SADD", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo SCard = Add("SCARD", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo SDiff = Add("SDIFF", ReadOnly, 1, -1, 1);
    internal static readonly CommandInfo SDiffStore = Add("SDIFFSTORE", Idempotent, 1, -1, 1);
    internal static readonly CommandInfo SInter = Add("SINTER", ReadOnly, 1, -1, 1);
    internal static readonly CommandInfo SInterCard = Add("SINTERCARD", ReadOnly, keyCountAt: 1);
    internal static readonly CommandInfo SInterStore = Add("SINTERSTORE", Idempotent, 1, -1, 1);
    internal static readonly CommandInfo SIsMember = Add("SISMEMBER", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo SMembers = Add("SMEMBERS", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo SMIsMember = Add("SMISMEMBER", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo SMove = Add("SMOVE", None, 1, 2, 1);
    internal static readonly CommandInfo SPop = Add("SPOP", None, 1, 1, 1);
    internal static readonly CommandInfo SRandMember = Add("SRANDMEMBER", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo SRem = Add("SREM", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo SScan = Add("SSCAN", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo SUnion = Add("SUNION", ReadOnly, 1, -1, 1);
    internal static readonly CommandInfo SUnionStore = Add("SUNIONSTORE", Idempotent, 1, -1, 1);
}
