using static RxRedis.Commands.CommandFlags;

namespace RxRedis.Commands;

// More string and generic rows (the first ones are in CommandTable.cs):
// https://redis.io/docs/latest/commands/?group=string, https://redis.io/docs/latest/commands/?group=generic
public static partial class CommandTable
{
    internal static readonly CommandInfo GetSet = Add("GETSET", None, 1, 1, 1);
    internal static readonly CommandInfo SetNx = Add("SETNX", None, 1, 1, 1);
    internal static readonly CommandInfo SetEx = Add("SETEX", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo PSetEx = Add("PSETEX", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo Lcs = Add("LCS", ReadOnly, 1, 2, 1);

    internal static readonly CommandInfo Copy = Add("COPY", None, 1, 2, 1);
    internal static readonly CommandInfo Rename = Add("RENAME", None, 1, 2, 1);
    internal static readonly CommandInfo RenameNx = Add("RENAMENX", None, 1, 2, 1);
    internal static readonly CommandInfo Object = Add("OBJECT", ReadOnly, 2, 2, 1);
    internal static readonly CommandInfo Touch = Add("TOUCH", ReadOnly, 1, -1, 1);
    internal static readonly CommandInfo ExpireAt = Add("EXPIREAT", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo PExpireAt = Add("PEXPIREAT", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo ExpireTime = Add("EXPIRETIME", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo PExpireTime = Add("PEXPIRETIME", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo RandomKey = Add("RANDOMKEY", ReadOnly);
    internal static readonly CommandInfo Sort = Add("SORT", None, 1, 1, 1);
    internal static readonly CommandInfo SortRo = Add("SORT_RO", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo Dump = Add("DUMP", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo Restore = Add("RESTORE", None, 1, 1, 1);
    internal static readonly CommandInfo Move = Add("MOVE", None, 1, 1, 1);
    internal static readonly CommandInfo Scan = Add("SCAN", ReadOnly);
}
