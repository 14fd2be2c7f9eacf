using System.Collections.Frozen;
using static RxRedis.Commands.CommandFlags;

namespace RxRedis.Commands;

/// <summary>
/// Every command the client knows, with its flags and key positions (from <c>COMMAND INFO</c> and the
/// command docs, https://redis.io/docs/latest/commands/). Retry and routing decisions read this table, never
/// the command text at a call site. Commands not listed are treated as non-idempotent writes without keys.
/// </summary>
public static partial class CommandTable
{
    // Families add their rows from partial files whose initializers run in an unspecified order, so the list is
    // created on first use and the lookup is built in the static constructor, after every initializer has run.
    private static List<CommandInfo>? s_all;

    // Connection
    internal static readonly CommandInfo Ping = Add("PING", ReadOnly);
    internal static readonly CommandInfo Echo = Add("ECHO", ReadOnly);
    internal static readonly CommandInfo Hello = Add("HELLO", ChangesConnection);
    internal static readonly CommandInfo Auth = Add("AUTH", ChangesConnection);
    internal static readonly CommandInfo Select = Add("SELECT", ChangesConnection);
    internal static readonly CommandInfo Quit = Add("QUIT", ChangesConnection);
    internal static readonly CommandInfo Reset = Add("RESET", ChangesConnection);
    internal static readonly CommandInfo Multi = Add("MULTI", ChangesConnection);
    internal static readonly CommandInfo Exec = Add("EXEC", ChangesConnection);
    internal static readonly CommandInfo Discard = Add("DISCARD", ChangesConnection);
    internal static readonly CommandInfo Watch = Add("WATCH", ChangesConnection, 1, -1, 1);
    internal static readonly CommandInfo Unwatch = Add("UNWATCH", ChangesConnection);
    internal static readonly CommandInfo Monitor = Add("MONITOR", ChangesConnection);
    internal static readonly CommandInfo Subscribe = Add("SUBSCRIBE", ChangesConnection);
    internal static readonly CommandInfo PSubscribe = Add("PSUBSCRIBE", ChangesConnection);
    internal static readonly CommandInfo SSubscribe = Add("SSUBSCRIBE", ChangesConnection, 1, -1, 1);
    internal static readonly CommandInfo Unsubscribe = Add("UNSUBSCRIBE", ChangesConnection);
    internal static readonly CommandInfo PUnsubscribe = Add("PUNSUBSCRIBE", ChangesConnection);
    internal static readonly CommandInfo SUnsubscribe = Add("SUNSUBSCRIBE", ChangesConnection, 1, -1, 1);

    // Cluster: READONLY and ASKING change how the node treats the connection, so only the client sends them.
    // Not read-only: CLUSTER FAILOVER/RESET/SETSLOT write, so an unknown outcome must not be retried.
    internal static readonly CommandInfo Cluster = Add("CLUSTER", Admin);
    internal static readonly CommandInfo ReadOnlyMode = Add("READONLY", ChangesConnection);
    internal static readonly CommandInfo ReadWriteMode = Add("READWRITE", ChangesConnection);
    internal static readonly CommandInfo Asking = Add("ASKING", ChangesConnection);

    // Pub/sub publishing (subscribing runs through RedisClient.Subscribe, never Execute).
    internal static readonly CommandInfo Publish = Add("PUBLISH", None);
    internal static readonly CommandInfo SPublish = Add("SPUBLISH", None, 1, 1, 1);
    internal static readonly CommandInfo PubSub = Add("PUBSUB", ReadOnly);

    // Blocking: these hold the connection until data arrives, so they need a dedicated one.
    internal static readonly CommandInfo BLPop = Add("BLPOP", Blocking, 1, -2, 1);
    internal static readonly CommandInfo BRPop = Add("BRPOP", Blocking, 1, -2, 1);
    internal static readonly CommandInfo BLMove = Add("BLMOVE", Blocking, 1, 2, 1);
    internal static readonly CommandInfo BRPopLPush = Add("BRPOPLPUSH", Blocking, 1, 2, 1);
    internal static readonly CommandInfo BLMPop = Add("BLMPOP", Blocking, keyCountAt: 2);
    internal static readonly CommandInfo BZPopMin = Add("BZPOPMIN", Blocking, 1, -2, 1);
    internal static readonly CommandInfo BZPopMax = Add("BZPOPMAX", Blocking, 1, -2, 1);
    internal static readonly CommandInfo BZMPop = Add("BZMPOP", Blocking, keyCountAt: 2);
    internal static readonly CommandInfo Wait = Add("WAIT", Blocking);

    // Strings
    internal static readonly CommandInfo Get = Add("GET", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo Set = Add("SET", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo GetDel = Add("GETDEL", None, 1, 1, 1);
    internal static readonly CommandInfo GetEx = Add("GETEX", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo MGet = Add("MGET", ReadOnly, 1, -1, 1);
    internal static readonly CommandInfo MSet = Add("MSET", Idempotent, 1, -1, 2);
    internal static readonly CommandInfo MSetNx = Add("MSETNX", None, 1, -1, 2);
    internal static readonly CommandInfo Incr = Add("INCR", None, 1, 1, 1);
    internal static readonly CommandInfo IncrBy = Add("INCRBY", None, 1, 1, 1);
    internal static readonly CommandInfo IncrByFloat = Add("INCRBYFLOAT", None, 1, 1, 1);
    internal static readonly CommandInfo Decr = Add("DECR", None, 1, 1, 1);
    internal static readonly CommandInfo DecrBy = Add("DECRBY", None, 1, 1, 1);
    internal static readonly CommandInfo Append = Add("APPEND", None, 1, 1, 1);
    internal static readonly CommandInfo StrLen = Add("STRLEN", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo GetRange = Add("GETRANGE", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo SetRange = Add("SETRANGE", Idempotent, 1, 1, 1);

    // Keys
    internal static readonly CommandInfo Del = Add("DEL", Idempotent, 1, -1, 1);
    internal static readonly CommandInfo Unlink = Add("UNLINK", Idempotent, 1, -1, 1);
    internal static readonly CommandInfo Exists = Add("EXISTS", ReadOnly, 1, -1, 1);
    internal static readonly CommandInfo Expire = Add("EXPIRE", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo PExpire = Add("PEXPIRE", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo Ttl = Add("TTL", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo PTtl = Add("PTTL", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo Persist = Add("PERSIST", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo Type = Add("TYPE", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo Keys = Add("KEYS", ReadOnly | Admin);
    internal static readonly CommandInfo DbSize = Add("DBSIZE", ReadOnly | Admin);
    internal static readonly CommandInfo FlushDb = Add("FLUSHDB", Idempotent | Admin);

    private static readonly FrozenDictionary<string, CommandInfo> ByName;

#pragma warning disable CA1810 // the constructor is what orders this after the partial files' initializers
    static CommandTable() => ByName = s_all!.ToFrozenDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
#pragma warning restore CA1810

    /// <summary>Every command in the table.</summary>
    public static IReadOnlyCollection<CommandInfo> Commands => s_all!;

    /// <summary>The table row for <paramref name="name"/>, or a conservative row (no flags, no keys) for an unknown command.</summary>
    public static CommandInfo Lookup(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return ByName.TryGetValue(name, out var info) ? info : new CommandInfo(name.ToUpperInvariant(), None, 0, 0, 0);
    }

    private static CommandInfo Add(string name, CommandFlags flags, int firstKey = 0, int lastKey = 0, int keyStep = 0, int keyCountAt = 0, string? keysAfter = null, int keysAfterFrom = 0)
    {
        var info = new CommandInfo(name, flags, firstKey, lastKey, keyStep, keyCountAt, keysAfter, keysAfterFrom);
        (s_all ??= []).Add(info);
        return info;
    }
}
