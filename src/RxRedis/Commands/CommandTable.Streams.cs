using static RxRedis.Commands.CommandFlags;

namespace RxRedis.Commands;

// Stream commands: https://redis.io/docs/latest/commands/?group=stream
public static partial class CommandTable
{
    internal static readonly CommandInfo XAck = Add("XACK", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo XAdd = Add("XADD", None, 1, 1, 1);
    internal static readonly CommandInfo XAutoClaim = Add("XAUTOCLAIM", None, 1, 1, 1);
    internal static readonly CommandInfo XClaim = Add("XCLAIM", None, 1, 1, 1);
    internal static readonly CommandInfo XDel = Add("XDEL", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo XGroup = Add("XGROUP", None, 2, 2, 1);
    internal static readonly CommandInfo XInfo = Add("XINFO", ReadOnly, 2, 2, 1);
    internal static readonly CommandInfo XLen = Add("XLEN", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo XPending = Add("XPENDING", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo XRange = Add("XRANGE", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo XRead = Add("XREAD", ReadOnly, keysAfter: "STREAMS");
    internal static readonly CommandInfo XReadGroup = Add("XREADGROUP", None, keysAfter: "STREAMS", keysAfterFrom: 3);
    internal static readonly CommandInfo XRevRange = Add("XREVRANGE", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo XSetId = Add("XSETID", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo XTrim = Add("XTRIM", None, 1, 1, 1);
}
