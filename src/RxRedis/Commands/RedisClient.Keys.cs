using System.Reactive;
using RxRedis.Commands;

namespace RxRedis;

// Generic key commands: https://redis.io/docs/latest/commands/?group=generic
public sealed partial class RedisClient
{
    /// <summary><c>DEL key [key ...]</c>: how many of the keys existed and were removed (in a cluster, summed over one <c>DEL</c> per slot).</summary>
    [RedisCommand("DEL")]
    public RedisObservable<long> Del(params RedisKey[] keys) =>
        CountBySlot(CommandTable.Del, Arguments.Keys(keys, nameof(keys)));

    /// <summary><c>UNLINK key [key ...]</c>: like <see cref="Del"/>, reclaiming memory in the background (in a cluster, one per slot).</summary>
    [RedisCommand("UNLINK")]
    public RedisObservable<long> Unlink(params RedisKey[] keys) =>
        CountBySlot(CommandTable.Unlink, Arguments.Keys(keys, nameof(keys)));

    /// <summary><c>EXISTS key [key ...]</c>: how many of the keys exist (a key named twice counts twice; in a cluster, summed over one per slot).</summary>
    [RedisCommand("EXISTS")]
    public RedisObservable<long> Exists(params RedisKey[] keys) =>
        CountBySlot(CommandTable.Exists, Arguments.Keys(keys, nameof(keys)));

    /// <summary>
    /// <c>EXPIRE</c> (whole seconds) or <c>PEXPIRE</c> (finer): sets a time to live; true when set, false when the
    /// key does not exist or the condition stopped it. A zero or negative expiry deletes the key, as Redis does
    /// (https://redis.io/docs/latest/commands/expire/).
    /// </summary>
    [RedisCommand("EXPIRE", "PEXPIRE")]
    public RedisObservable<bool> Expire(RedisKey key, TimeSpan expiry, ExpireCondition condition = ExpireCondition.Always)
    {
        var keyArg = Arguments.Key(key, nameof(key));
        var seconds = Arguments.IsWholeSeconds(expiry);
        RedisValue amount = seconds ? (long)expiry.TotalSeconds : (long)Math.Ceiling(expiry.TotalMilliseconds);
        var info = seconds ? CommandTable.Expire : CommandTable.PExpire;
        return condition switch
        {
            ExpireCondition.Always => Command(info, ReplyDecoders.Boolean, keyArg, amount),
            ExpireCondition.HasNoExpiry => Command(info, ReplyDecoders.Boolean, keyArg, amount, "NX"),
            ExpireCondition.HasExpiry => Command(info, ReplyDecoders.Boolean, keyArg, amount, "XX"),
            ExpireCondition.GreaterThan => Command(info, ReplyDecoders.Boolean, keyArg, amount, "GT"),
            ExpireCondition.LessThan => Command(info, ReplyDecoders.Boolean, keyArg, amount, "LT"),
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Unknown expire condition."),
        };
    }

    /// <summary>
    /// <c>PEXPIRE key milliseconds</c>: sets a time to live in milliseconds; true when set. Zero or negative deletes
    /// the key, as Redis does.
    /// </summary>
    [RedisCommand("PEXPIRE")]
    public RedisObservable<bool> PExpire(RedisKey key, long milliseconds) =>
        Command(CommandTable.PExpire, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)), milliseconds);

    /// <summary><c>TTL key</c>: the remaining time to live in whole seconds, or null when the key has none or does not exist.</summary>
    [RedisCommand("TTL")]
    public RedisObservable<TimeSpan?> Ttl(RedisKey key) =>
        Command(CommandTable.Ttl, ReplyDecoders.TtlSeconds, Arguments.Key(key, nameof(key)));

    /// <summary><c>PTTL key</c>: the remaining time to live in milliseconds, or null when the key has none or does not exist.</summary>
    [RedisCommand("PTTL")]
    public RedisObservable<TimeSpan?> PTtl(RedisKey key) =>
        Command(CommandTable.PTtl, ReplyDecoders.TtlMilliseconds, Arguments.Key(key, nameof(key)));

    /// <summary><c>PERSIST key</c>: removes the time to live; true when there was one.</summary>
    [RedisCommand("PERSIST")]
    public RedisObservable<bool> Persist(RedisKey key) =>
        Command(CommandTable.Persist, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)));

    /// <summary><c>TYPE key</c>: <c>string</c>, <c>list</c>, <c>set</c>, <c>zset</c>, <c>hash</c>, <c>stream</c>, or <c>none</c>.</summary>
    [RedisCommand("TYPE")]
    public RedisObservable<string> Type(RedisKey key) =>
        Command(CommandTable.Type, ReplyDecoders.Text, Arguments.Key(key, nameof(key)))!;

    /// <summary>
    /// <c>KEYS pattern</c>: every key matching the glob pattern. It walks the whole keyspace in one blocking call on
    /// the server; prefer SCAN on large databases. In a cluster it runs on every primary and the keys are concatenated.
    /// </summary>
    [RedisCommand("KEYS")]
    public RedisObservable<RedisKey[]> Keys(RedisValue pattern) =>
        OnEveryPrimary(CommandTable.Keys, ReplyDecoders.Keys, static parts => [.. parts.SelectMany(static k => k)], Arguments.Value(pattern, nameof(pattern)));

    /// <summary><c>DBSIZE</c>: the number of keys in the selected database (in a cluster, summed over every primary).</summary>
    [RedisCommand("DBSIZE")]
    public RedisObservable<long> DbSize() => OnEveryPrimary(CommandTable.DbSize, ReplyDecoders.Int64, static counts => counts.Sum());

    /// <summary><c>FLUSHDB [ASYNC]</c>: deletes every key of the selected database (in a cluster, on every primary).</summary>
    [RedisCommand("FLUSHDB")]
    public RedisObservable<Unit> FlushDb(bool async = false) => async
        ? OnEveryPrimary(CommandTable.FlushDb, ReplyDecoders.Ok, First, "ASYNC")
        : OnEveryPrimary(CommandTable.FlushDb, ReplyDecoders.Ok, First);

    /// <summary><c>COPY source destination [DB db] [REPLACE]</c>: true when copied.</summary>
    [RedisCommand("COPY")]
    public RedisObservable<bool> Copy(RedisKey source, RedisKey destination, bool replace = false, int? database = null) =>
        Command(CommandTable.Copy, ReplyDecoders.Boolean, new ArgumentList(5).Key(source, nameof(source)).Key(destination, nameof(destination))
            .AddIf(database is not null, "DB", database ?? 0).AddIf(replace, "REPLACE").ToArray());

    /// <summary><c>RENAME key newkey</c>: renames, overwriting <paramref name="newKey"/>; errors when the key does not exist.</summary>
    [RedisCommand("RENAME")]
    public RedisObservable<Unit> Rename(RedisKey key, RedisKey newKey) =>
        Command(CommandTable.Rename, ReplyDecoders.Ok, Arguments.Key(key, nameof(key)), Arguments.Key(newKey, nameof(newKey)));

    /// <summary><c>RENAMENX key newkey</c>: renames only if <paramref name="newKey"/> does not exist; true when it did.</summary>
    [RedisCommand("RENAMENX")]
    public RedisObservable<bool> RenameNx(RedisKey key, RedisKey newKey) =>
        Command(CommandTable.RenameNx, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)), Arguments.Key(newKey, nameof(newKey)));

    /// <summary><c>OBJECT ENCODING|FREQ|IDLETIME|REFCOUNT key</c>: the reply as a value (text for ENCODING, a number otherwise), or null when the key does not exist.</summary>
    [RedisCommand("OBJECT")]
    public RedisObservable<RedisValue> Object(ObjectSubcommand subcommand, RedisKey key) =>
        Command(CommandTable.Object, ReplyDecoders.Value, subcommand switch
        {
            ObjectSubcommand.Encoding => "ENCODING",
            ObjectSubcommand.Freq => "FREQ",
            ObjectSubcommand.IdleTime => "IDLETIME",
            ObjectSubcommand.RefCount => "REFCOUNT",
            _ => throw new ArgumentOutOfRangeException(nameof(subcommand), subcommand, "Unknown OBJECT subcommand."),
        }, Arguments.Key(key, nameof(key)));

    /// <summary><c>TOUCH key [key ...]</c>: updates the last access time; how many keys exist (in a cluster, summed over one per slot).</summary>
    [RedisCommand("TOUCH")]
    public RedisObservable<long> Touch(params RedisKey[] keys) =>
        CountBySlot(CommandTable.Touch, Arguments.Keys(keys, nameof(keys)));

    /// <summary><c>EXPIREAT</c> (whole seconds) or <c>PEXPIREAT</c>: sets an absolute expiry; true when set.</summary>
    [RedisCommand("EXPIREAT", "PEXPIREAT")]
    public RedisObservable<bool> ExpireAt(RedisKey key, DateTimeOffset when)
    {
        var keyArg = Arguments.Key(key, nameof(key));
        var ms = when.ToUnixTimeMilliseconds();
        return ms % 1000 == 0
            ? Command(CommandTable.ExpireAt, ReplyDecoders.Boolean, keyArg, ms / 1000)
            : Command(CommandTable.PExpireAt, ReplyDecoders.Boolean, keyArg, ms);
    }

    /// <summary><c>EXPIRETIME key</c>: the absolute expiry (second precision), or null when the key has none or does not exist.</summary>
    [RedisCommand("EXPIRETIME")]
    public RedisObservable<DateTimeOffset?> ExpireTime(RedisKey key) =>
        Command(CommandTable.ExpireTime, static r => r.AsInt64() is var s and >= 0 ? DateTimeOffset.FromUnixTimeSeconds(s) : (DateTimeOffset?)null, Arguments.Key(key, nameof(key)));

    /// <summary><c>PEXPIRETIME key</c>: the absolute expiry (millisecond precision), or null.</summary>
    [RedisCommand("PEXPIRETIME")]
    public RedisObservable<DateTimeOffset?> PExpireTime(RedisKey key) =>
        Command(CommandTable.PExpireTime, static r => r.AsInt64() is var ms and >= 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null, Arguments.Key(key, nameof(key)));

    /// <summary><c>RANDOMKEY</c>: a random key, or null when the database is empty (in a cluster, a key of the node that serves keyless commands, null when that node is empty).</summary>
    [RedisCommand("RANDOMKEY")]
    public RedisObservable<RedisValue> RandomKey() => Command(CommandTable.RandomKey, ReplyDecoders.Value);

    /// <summary><c>SORT key [BY ...] [LIMIT ...] [GET ...] [ASC|DESC] [ALPHA]</c>, or <c>SORT_RO</c>: the sorted elements.</summary>
    [RedisCommand("SORT_RO")]
    public RedisObservable<RedisValue[]> Sort(RedisKey key, SortOptions? options = null) =>
        Command(CommandTable.SortRo, ReplyDecoders.Values, SortArguments(key, options).ToArray());

    /// <summary><c>SORT key ... STORE destination</c>: stores the sorted elements; how many.</summary>
    [RedisCommand("SORT")]
    public RedisObservable<long> SortStore(RedisKey key, RedisKey destination, SortOptions? options = null) =>
        Command(CommandTable.Sort, ReplyDecoders.Int64, SortArguments(key, options).Add("STORE").Key(destination, nameof(destination)).ToArray());

    private static ArgumentList SortArguments(RedisKey key, SortOptions? options)
    {
        var args = new ArgumentList().Key(key, nameof(key));
        if (options is null)
        {
            return args;
        }
        args.AddIf(options.By is not null, "BY", options.By)
            .AddIf(options.Offset is not null || options.Count is not null, "LIMIT")
            .AddIf(options.Offset is not null || options.Count is not null, options.Offset ?? 0, options.Count ?? -1);
        foreach (var pattern in options.Get ?? [])
        {
            args.Add("GET").Value(pattern, nameof(options));
        }
        return args.AddIf(options.Descending, "DESC").AddIf(options.Alpha, "ALPHA");
    }

    /// <summary><c>DUMP key</c>: the value serialized in Redis' format, or null when the key does not exist.</summary>
    [RedisCommand("DUMP")]
    public RedisObservable<byte[]?> Dump(RedisKey key) =>
        Command(CommandTable.Dump, static r => r.AsBytes(), Arguments.Key(key, nameof(key)));

    /// <summary><c>RESTORE key ttl serialized [REPLACE] [IDLETIME s] [FREQ f]</c>: creates the key from a <see cref="Dump"/>.</summary>
    [RedisCommand("RESTORE")]
    public RedisObservable<Unit> Restore(RedisKey key, byte[] serialized, RestoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serialized);
        var ttl = options?.Ttl is { } t ? (long)Math.Ceiling(t.TotalMilliseconds) : 0;
        return Command(CommandTable.Restore, ReplyDecoders.Ok, new ArgumentList(8).Key(key, nameof(key)).Add(Arguments.NonNegative(ttl, nameof(options))).Add(serialized)
            .AddIf(options?.Replace == true, "REPLACE")
            .AddIf(options?.IdleTimeSeconds is not null, "IDLETIME", options?.IdleTimeSeconds ?? 0)
            .AddIf(options?.Frequency is not null, "FREQ", options?.Frequency ?? 0).ToArray());
    }

    /// <summary><c>MOVE key db</c>: moves the key to another database; true when moved.</summary>
    [RedisCommand("MOVE")]
    public RedisObservable<bool> Move(RedisKey key, int database) =>
        Command(CommandTable.Move, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)), database);
}
