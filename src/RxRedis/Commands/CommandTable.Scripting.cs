using static RxRedis.Commands.CommandFlags;

namespace RxRedis.Commands;

// Scripting and server commands: https://redis.io/docs/latest/commands/?group=scripting,
// https://redis.io/docs/latest/commands/?group=server
public static partial class CommandTable
{
    internal static readonly CommandInfo Eval = Add("EVAL", None, keyCountAt: 2);
    internal static readonly CommandInfo EvalRo = Add("EVAL_RO", ReadOnly, keyCountAt: 2);
    internal static readonly CommandInfo EvalSha = Add("EVALSHA", None, keyCountAt: 2);
    internal static readonly CommandInfo EvalShaRo = Add("EVALSHA_RO", ReadOnly, keyCountAt: 2);
    internal static readonly CommandInfo FCall = Add("FCALL", None, keyCountAt: 2);
    internal static readonly CommandInfo FCallRo = Add("FCALL_RO", ReadOnly, keyCountAt: 2);
    internal static readonly CommandInfo Function = Add("FUNCTION", Admin);
    internal static readonly CommandInfo Script = Add("SCRIPT", Admin);

    internal static readonly CommandInfo Info = Add("INFO", ReadOnly | Admin);
    internal static readonly CommandInfo Config = Add("CONFIG", Admin);
    internal static readonly CommandInfo Time = Add("TIME", ReadOnly);
    internal static readonly CommandInfo Client = Add("CLIENT", Admin);
    internal static readonly CommandInfo CommandDocs = Add("COMMAND", ReadOnly | Admin);
    internal static readonly CommandInfo LastSave = Add("LASTSAVE", ReadOnly | Admin);
    internal static readonly CommandInfo Memory = Add("MEMORY", ReadOnly, 2, 2, 1); // MEMORY USAGE key: routed to the key's node
    internal static readonly CommandInfo FlushAll = Add("FLUSHALL", Idempotent | Admin);
    internal static readonly CommandInfo SlowLog = Add("SLOWLOG", Admin);
    internal static readonly CommandInfo Role = Add("ROLE", ReadOnly | Admin);
}
