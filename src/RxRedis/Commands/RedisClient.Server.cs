using System.Reactive;
using RxRedis.Commands;
using RxRedis.Protocol;

namespace RxRedis;

// Server commands that are safe on the shared connection: https://redis.io/docs/latest/commands/?group=server
// (CLIENT SETNAME, CLIENT REPLY, MONITOR and the like change or hold the connection, so they are not offered).
public sealed partial class RedisClient
{
    /// <summary><c>INFO [section ...]</c>: the server's report parsed into sections (in a cluster, that of the node serving keyless commands, as for every server command here not said to run on every primary).</summary>
    [RedisCommand("INFO")]
    public RedisObservable<ServerInfo> Info(params string[] sections) =>
        Command(CommandTable.Info, static r => ServerInfo.Parse(r.AsString() ?? ""), [.. (sections ?? []).Select(static s => Arguments.Value(s, nameof(sections)))]);

    /// <summary><c>CONFIG GET parameter [parameter ...]</c>: the matching parameters (glob patterns allowed) and values.</summary>
    [RedisCommand("CONFIG")]
    public RedisObservable<IReadOnlyDictionary<RedisValue, RedisValue>> ConfigGet(params string[] parameters) =>
        Command(CommandTable.Config, ReplyDecoders.Dictionary, [.. new RedisValue[] { "GET" }.Concat(NonEmpty(parameters, nameof(parameters)))]);

    /// <summary><c>CONFIG SET parameter value [parameter value ...]</c>: sets the parameters atomically.</summary>
    [RedisCommand("CONFIG")]
    public RedisObservable<Unit> ConfigSet(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var args = new ArgumentList().Add("SET");
        foreach (var (name, value) in parameters)
        {
            args.Value(name, nameof(parameters)).Value(value, nameof(parameters));
        }
        return args.Count > 1 ? Command(CommandTable.Config, ReplyDecoders.Ok, args.ToArray()) : throw new ArgumentException("At least one parameter is required.", nameof(parameters));
    }

    /// <summary><c>CONFIG RESETSTAT</c>: resets the statistics INFO reports.</summary>
    [RedisCommand("CONFIG")]
    public RedisObservable<Unit> ConfigResetStat() => Command(CommandTable.Config, ReplyDecoders.Ok, "RESETSTAT");

    /// <summary><c>TIME</c>: the server's clock, to the microsecond.</summary>
    [RedisCommand("TIME")]
    public RedisObservable<DateTimeOffset> Time() => Command(CommandTable.Time, static r =>
        DateTimeOffset.FromUnixTimeSeconds(r[0].AsInt64()).AddTicks(r[1].AsInt64() * (TimeSpan.TicksPerMillisecond / 1000)));

    /// <summary><c>LASTSAVE</c>: when the last successful save happened.</summary>
    [RedisCommand("LASTSAVE")]
    public RedisObservable<DateTimeOffset> LastSave() => Command(CommandTable.LastSave, static r => DateTimeOffset.FromUnixTimeSeconds(r.AsInt64()));

    /// <summary><c>MEMORY USAGE key [SAMPLES count]</c>: bytes the key and its value take, or null when it does not exist.</summary>
    [RedisCommand("MEMORY")]
    public RedisObservable<long?> MemoryUsage(RedisKey key, long? samples = null) =>
        Command(CommandTable.Memory, ReplyDecoders.NullableInt64, new ArgumentList(4).Add("USAGE").Key(key, nameof(key)).AddIf(samples is not null, "SAMPLES", samples ?? 0).ToArray());

    /// <summary><c>CLIENT ID</c>: the shared connection's id.</summary>
    [RedisCommand("CLIENT")]
    public RedisObservable<long> ClientId() => Command(CommandTable.Client, ReplyDecoders.Int64, "ID");

    /// <summary><c>CLIENT GETNAME</c>: the shared connection's name, or null.</summary>
    [RedisCommand("CLIENT")]
    public RedisObservable<RedisValue> ClientGetName() => Command(CommandTable.Client, ReplyDecoders.Value, "GETNAME");

    /// <summary><c>CLIENT INFO</c>: the shared connection's entry, as in <c>CLIENT LIST</c> (<c>field=value</c> pairs).</summary>
    [RedisCommand("CLIENT")]
    public RedisObservable<IReadOnlyDictionary<string, string>> ClientInfo() =>
        Command(CommandTable.Client, static r => ParseClientLine(r.AsString() ?? ""), "INFO");

    /// <summary><c>CLIENT LIST</c>: one entry per connection to the server.</summary>
    [RedisCommand("CLIENT")]
    public RedisObservable<IReadOnlyDictionary<string, string>[]> ClientList() =>
        Command(CommandTable.Client, static r => (r.AsString() ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseClientLine).ToArray(), "LIST");

    /// <summary><c>CLIENT KILL ID id</c>: closes the connection with that id; true when one was closed.</summary>
    [RedisCommand("CLIENT")]
    public RedisObservable<bool> ClientKill(long id) => Command(CommandTable.Client, ReplyDecoders.Boolean, "KILL", "ID", id);

    /// <summary><c>CLIENT PAUSE timeout [WRITE|ALL]</c>: suspends clients (all commands, or writes only).</summary>
    [RedisCommand("CLIENT")]
    public RedisObservable<Unit> ClientPause(TimeSpan timeout, bool writesOnly = false) =>
        Command(CommandTable.Client, ReplyDecoders.Ok, "PAUSE", (long)timeout.TotalMilliseconds, writesOnly ? "WRITE" : "ALL");

    /// <summary><c>CLIENT UNPAUSE</c>: ends a pause early.</summary>
    [RedisCommand("CLIENT")]
    public RedisObservable<Unit> ClientUnpause() => Command(CommandTable.Client, ReplyDecoders.Ok, "UNPAUSE");

    /// <summary><c>COMMAND COUNT</c>: how many commands the server has.</summary>
    [RedisCommand("COMMAND")]
    public RedisObservable<long> CommandCount() => Command(CommandTable.CommandDocs, ReplyDecoders.Int64, "COUNT");

    /// <summary><c>COMMAND LIST</c>: every command name.</summary>
    [RedisCommand("COMMAND")]
    public RedisObservable<string[]> CommandList() => Command(CommandTable.CommandDocs, ReplyDecoders.Texts, "LIST");

    /// <summary><c>COMMAND DOCS [name ...]</c>: each command's documentation record (summary, group, since, arguments).</summary>
    [RedisCommand("COMMAND")]
    public RedisObservable<IReadOnlyDictionary<string, RedisRecord>> CommandDocs(params string[] names) =>
        Command(CommandTable.CommandDocs, static r => (IReadOnlyDictionary<string, RedisRecord>)ReplyDecoders.PairsOf(r, static (k, v) => KeyValuePair.Create(k.AsString() ?? "", ReplyDecoders.RecordOf(v)))
            .ToDictionary(static p => p.Key, static p => p.Value, StringComparer.OrdinalIgnoreCase),
            [.. new RedisValue[] { "DOCS" }.Concat((names ?? []).Select(static n => Arguments.Value(n, nameof(names))))]);

    /// <summary><c>FLUSHALL [ASYNC]</c>: deletes every key of every database (in a cluster, on every primary).</summary>
    [RedisCommand("FLUSHALL")]
    public RedisObservable<Unit> FlushAll(bool async = false) => async
        ? OnEveryPrimary(CommandTable.FlushAll, ReplyDecoders.Ok, First, "ASYNC")
        : OnEveryPrimary(CommandTable.FlushAll, ReplyDecoders.Ok, First);

    /// <summary><c>SLOWLOG LEN</c>: entries in the slow log.</summary>
    [RedisCommand("SLOWLOG")]
    public RedisObservable<long> SlowLogLength() => Command(CommandTable.SlowLog, ReplyDecoders.Int64, "LEN");

    /// <summary><c>SLOWLOG RESET</c>: empties the slow log.</summary>
    [RedisCommand("SLOWLOG")]
    public RedisObservable<Unit> SlowLogReset() => Command(CommandTable.SlowLog, ReplyDecoders.Ok, "RESET");

    /// <summary><c>ROLE</c>: the replication role and its details, as sent.</summary>
    [RedisCommand("ROLE")]
    public RedisObservable<RespValue> Role() => Command(CommandTable.Role, ReplyDecoders.Raw);

    private static IReadOnlyDictionary<string, string> ParseClientLine(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields[part[..eq]] = part[(eq + 1)..];
            }
        }
        return fields;
    }

    private static RedisValue[] NonEmpty(string[] values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        return values.Length > 0
            ? values.Select(v => Arguments.Value(v, name)).ToArray()
            : throw new ArgumentException("At least one value is required.", name);
    }
}
