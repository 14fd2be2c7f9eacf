using System.Reactive;
using RxRedis.Commands;

namespace RxRedis;

// Generic key commands: https://redis.io/docs/latest/commands/?group=generic
public sealed partial class RedisClient
{
    /// <summary><c>DEL key [key ...]</c>: how many of the keys existed and were removed.</summary>
    public IObservable<long> Del(params RedisKey[] keys) =>
        Command(CommandTable.Del, ReplyDecoders.Int64, Arguments.Keys(keys, nameof(keys)));

    /// <summary><c>UNLINK key [key ...]</c>: like <see cref="Del"/>, reclaiming memory in the background.</summary>
    public IObservable<long> Unlink(params RedisKey[] keys) =>
        Command(CommandTable.Unlink, ReplyDecoders.Int64, Arguments.Keys(keys, nameof(keys)));

    /// <summary><c>EXISTS key [key ...]</c>: how many of the keys exist (a key named twice counts twice).</summary>
    public IObservable<long> Exists(params RedisKey[] keys) =>
        Command(CommandTable.Exists, ReplyDecoders.Int64, Arguments.Keys(keys, nameof(keys)));

    /// <summary>
    /// <c>EXPIRE</c> (whole seconds) or <c>PEXPIRE</c> (finer): sets a time to live; true when set, false when the
    /// key does not exist or the condition stopped it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The expiry is not positive.</exception>
    public IObservable<bool> Expire(RedisKey key, TimeSpan expiry, ExpireCondition condition = ExpireCondition.Always)
    {
        var keyArg = Arguments.Key(key, nameof(key));
        Arguments.Positive(expiry, nameof(expiry));
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

    /// <summary><c>PEXPIRE key milliseconds</c>: sets a time to live in milliseconds; true when set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The expiry is not positive.</exception>
    public IObservable<bool> PExpire(RedisKey key, long milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(milliseconds, 0);
        return Command(CommandTable.PExpire, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)), milliseconds);
    }

    /// <summary><c>TTL key</c>: the remaining time to live in whole seconds, or null when the key has none or does not exist.</summary>
    public IObservable<TimeSpan?> Ttl(RedisKey key) =>
        Command(CommandTable.Ttl, ReplyDecoders.TtlSeconds, Arguments.Key(key, nameof(key)));

    /// <summary><c>PTTL key</c>: the remaining time to live in milliseconds, or null when the key has none or does not exist.</summary>
    public IObservable<TimeSpan?> PTtl(RedisKey key) =>
        Command(CommandTable.PTtl, ReplyDecoders.TtlMilliseconds, Arguments.Key(key, nameof(key)));

    /// <summary><c>PERSIST key</c>: removes the time to live; true when there was one.</summary>
    public IObservable<bool> Persist(RedisKey key) =>
        Command(CommandTable.Persist, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)));

    /// <summary><c>TYPE key</c>: <c>string</c>, <c>list</c>, <c>set</c>, <c>zset</c>, <c>hash</c>, <c>stream</c>, or <c>none</c>.</summary>
    public IObservable<string> Type(RedisKey key) =>
        Command(CommandTable.Type, ReplyDecoders.Text, Arguments.Key(key, nameof(key)))!;

    /// <summary>
    /// <c>KEYS pattern</c>: every key matching the glob pattern. It walks the whole keyspace in one blocking call on
    /// the server; prefer SCAN on large databases.
    /// </summary>
    public IObservable<RedisKey[]> Keys(RedisValue pattern) =>
        Command(CommandTable.Keys, ReplyDecoders.Keys, Arguments.Value(pattern, nameof(pattern)));

    /// <summary><c>DBSIZE</c>: the number of keys in the selected database.</summary>
    public IObservable<long> DbSize() => Command(CommandTable.DbSize, ReplyDecoders.Int64);

    /// <summary><c>FLUSHDB [ASYNC]</c>: deletes every key of the selected database.</summary>
    public IObservable<Unit> FlushDb(bool async = false) => async
        ? Command(CommandTable.FlushDb, ReplyDecoders.Ok, "ASYNC")
        : Command(CommandTable.FlushDb, ReplyDecoders.Ok);
}
