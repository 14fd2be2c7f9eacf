using RxRedis.Commands;

namespace RxRedis;

// String commands: https://redis.io/docs/latest/commands/?group=string
public sealed partial class RedisClient
{
    /// <summary><c>GET key</c>: the value, or <see cref="RedisValue.Null"/> when the key does not exist.</summary>
    [RedisCommand("GET")]
    public RedisObservable<RedisValue> Get(RedisKey key) =>
        Command(CommandTable.Get, ReplyDecoders.Value, Arguments.Key(key, nameof(key)));

    /// <summary><c>SET key value [NX|XX] [EX|PX|EXAT|PXAT|KEEPTTL]</c>: true when written, false when the condition stopped it.</summary>
    /// <exception cref="ArgumentException">A null key or value, a non-positive expiry, or clauses that exclude each other.</exception>
    [RedisCommand("SET")]
    public RedisObservable<bool> Set(RedisKey key, RedisValue value, SetOptions? options = null) =>
        Command(CommandTable.Set, ReplyDecoders.OkOrNull, SetArguments(key, value, options, get: false));

    /// <summary><c>SET key value ... GET</c>: writes (subject to the options) and returns the previous value, or null.</summary>
    [RedisCommand("SET")]
    public RedisObservable<RedisValue> SetAndGet(RedisKey key, RedisValue value, SetOptions? options = null) =>
        Command(CommandTable.Set, ReplyDecoders.Value, SetArguments(key, value, options, get: true));

    private static RedisValue[] SetArguments(RedisKey key, RedisValue value, SetOptions? options, bool get)
    {
        if (options is null && !get)
        {
            // The plain SET of bulk loads: no list to build and copy.
            return [Arguments.Key(key, nameof(key)), Arguments.Value(value, nameof(value))];
        }
        var args = new List<RedisValue>(7) { Arguments.Key(key, nameof(key)), Arguments.Value(value, nameof(value)) };
        if (options is not null)
        {
            switch (options.Condition)
            {
                case SetCondition.NotExists:
                    args.Add("NX");
                    break;
                case SetCondition.Exists:
                    args.Add("XX");
                    break;
            }
            if (options.KeepTtl && (options.Expiry is not null || options.ExpireAt is not null))
            {
                throw new ArgumentException("KeepTtl cannot be combined with Expiry or ExpireAt.", nameof(options));
            }
            ExpiryArguments.Add(args, options.Expiry, options.ExpireAt, nameof(options));
            if (options.KeepTtl)
            {
                args.Add("KEEPTTL");
            }
        }
        if (get)
        {
            args.Add("GET");
        }
        return [.. args];
    }

    /// <summary><c>GETDEL key</c>: the value (or null), deleting the key.</summary>
    [RedisCommand("GETDEL")]
    public RedisObservable<RedisValue> GetDel(RedisKey key) =>
        Command(CommandTable.GetDel, ReplyDecoders.Value, Arguments.Key(key, nameof(key)));

    /// <summary><c>GETEX key [EX|PX|EXAT|PXAT|PERSIST]</c>: the value (or null), changing its expiry.</summary>
    [RedisCommand("GETEX")]
    public RedisObservable<RedisValue> GetEx(RedisKey key, GetExOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var args = new List<RedisValue>(3) { Arguments.Key(key, nameof(key)) };
        if (options.Persist && (options.Expiry is not null || options.ExpireAt is not null))
        {
            throw new ArgumentException("Persist cannot be combined with Expiry or ExpireAt.", nameof(options));
        }
        ExpiryArguments.Add(args, options.Expiry, options.ExpireAt, nameof(options));
        if (options.Persist)
        {
            args.Add("PERSIST");
        }
        return Command(CommandTable.GetEx, ReplyDecoders.Value, [.. args]);
    }

    /// <summary>
    /// <c>MGET key [key ...]</c>: the values in key order, null where a key does not exist. In a cluster, keys of
    /// different slots are read with one <c>MGET</c> per slot and the values put back in key order.
    /// </summary>
    [RedisCommand("MGET")]
    public RedisObservable<RedisValue[]> MGet(params RedisKey[] keys) =>
        BySlot(CommandTable.MGet, ReplyDecoders.Values, Arguments.Keys(keys, nameof(keys)), step: 1, static (groups, values) => groups.Scatter(values));

    /// <summary>
    /// <c>MSET key value [key value ...]</c>: sets all pairs atomically. In a cluster, pairs of different slots are
    /// set with one <c>MSET</c> per slot, each atomic on its own; it completes once every part is set.
    /// </summary>
    [RedisCommand("MSET")]
    public RedisObservable<System.Reactive.Unit> MSet(IEnumerable<KeyValuePair<RedisKey, RedisValue>> pairs) =>
        BySlot(CommandTable.MSet, ReplyDecoders.Ok, PairArguments(pairs, nameof(pairs)), step: 2, static (_, _) => System.Reactive.Unit.Default);

    /// <summary><c>MSETNX key value [key value ...]</c>: sets all pairs only if none of the keys exists; true when it did.</summary>
    [RedisCommand("MSETNX")]
    public RedisObservable<bool> MSetNx(IEnumerable<KeyValuePair<RedisKey, RedisValue>> pairs) =>
        Command(CommandTable.MSetNx, ReplyDecoders.Boolean, PairArguments(pairs, nameof(pairs)));

    private static RedisValue[] PairArguments(IEnumerable<KeyValuePair<RedisKey, RedisValue>> pairs, string name)
    {
        ArgumentNullException.ThrowIfNull(pairs, name);
        var args = new List<RedisValue>();
        foreach (var (key, value) in pairs)
        {
            args.Add(Arguments.Key(key, name));
            args.Add(Arguments.Value(value, name));
        }
        return args.Count > 0 ? [.. args] : throw new ArgumentException("At least one key/value pair is required.", name);
    }

    /// <summary><c>INCR key</c>: the value after adding 1.</summary>
    [RedisCommand("INCR")]
    public RedisObservable<long> Incr(RedisKey key) =>
        Command(CommandTable.Incr, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)));

    /// <summary><c>INCRBY key increment</c>: the value after adding <paramref name="increment"/>.</summary>
    [RedisCommand("INCRBY")]
    public RedisObservable<long> IncrBy(RedisKey key, long increment) =>
        Command(CommandTable.IncrBy, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), increment);

    /// <summary><c>INCRBYFLOAT key increment</c>: the value after adding <paramref name="increment"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The increment is NaN or infinite.</exception>
    [RedisCommand("INCRBYFLOAT")]
    public RedisObservable<double> IncrByFloat(RedisKey key, double increment)
    {
        if (!double.IsFinite(increment))
        {
            throw new ArgumentOutOfRangeException(nameof(increment), increment, "The increment must be a finite number.");
        }
        return Command(CommandTable.IncrByFloat, ReplyDecoders.Double, Arguments.Key(key, nameof(key)), increment);
    }

    /// <summary><c>DECR key</c>: the value after subtracting 1.</summary>
    [RedisCommand("DECR")]
    public RedisObservable<long> Decr(RedisKey key) =>
        Command(CommandTable.Decr, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)));

    /// <summary><c>DECRBY key decrement</c>: the value after subtracting <paramref name="decrement"/>.</summary>
    [RedisCommand("DECRBY")]
    public RedisObservable<long> DecrBy(RedisKey key, long decrement) =>
        Command(CommandTable.DecrBy, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), decrement);

    /// <summary><c>APPEND key value</c>: the length of the string after appending.</summary>
    [RedisCommand("APPEND")]
    public RedisObservable<long> Append(RedisKey key, RedisValue value) =>
        Command(CommandTable.Append, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), Arguments.Value(value, nameof(value)));

    /// <summary><c>STRLEN key</c>: the length of the value in bytes (0 when the key does not exist).</summary>
    [RedisCommand("STRLEN")]
    public RedisObservable<long> StrLen(RedisKey key) =>
        Command(CommandTable.StrLen, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)));

    /// <summary><c>GETRANGE key start end</c>: the bytes between the offsets (inclusive; negative counts from the end).</summary>
    [RedisCommand("GETRANGE")]
    public RedisObservable<RedisValue> GetRange(RedisKey key, long start, long end) =>
        Command(CommandTable.GetRange, ReplyDecoders.Value, Arguments.Key(key, nameof(key)), start, end);

    /// <summary><c>SETRANGE key offset value</c>: overwrites from <paramref name="offset"/>; returns the new length.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The offset is negative.</exception>
    [RedisCommand("SETRANGE")]
    public RedisObservable<long> SetRange(RedisKey key, long offset, RedisValue value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return Command(CommandTable.SetRange, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), offset, Arguments.Value(value, nameof(value)));
    }

    /// <summary><c>GETSET key value</c> (deprecated for <c>SET ... GET</c>, kept for older servers): the previous value, or null.</summary>
    [RedisCommand("GETSET")]
    public RedisObservable<RedisValue> GetSet(RedisKey key, RedisValue value) =>
        Command(CommandTable.GetSet, ReplyDecoders.Value, Arguments.Key(key, nameof(key)), Arguments.Value(value, nameof(value)));

    /// <summary><c>SETNX key value</c>: sets only if the key does not exist; true when it did.</summary>
    [RedisCommand("SETNX")]
    public RedisObservable<bool> SetNx(RedisKey key, RedisValue value) =>
        Command(CommandTable.SetNx, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)), Arguments.Value(value, nameof(value)));

    /// <summary><c>SETEX key seconds value</c> (whole seconds) or <c>PSETEX key milliseconds value</c> (finer).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The expiry is not positive.</exception>
    [RedisCommand("SETEX", "PSETEX")]
    public RedisObservable<System.Reactive.Unit> SetEx(RedisKey key, TimeSpan expiry, RedisValue value)
    {
        var keyArg = Arguments.Key(key, nameof(key));
        Arguments.Positive(expiry, nameof(expiry));
        return Arguments.IsWholeSeconds(expiry)
            ? Command(CommandTable.SetEx, ReplyDecoders.Ok, keyArg, (long)expiry.TotalSeconds, Arguments.Value(value, nameof(value)))
            : Command(CommandTable.PSetEx, ReplyDecoders.Ok, keyArg, (long)Math.Ceiling(expiry.TotalMilliseconds), Arguments.Value(value, nameof(value)));
    }

    /// <summary><c>LCS key1 key2</c>: the longest common subsequence of the two strings.</summary>
    [RedisCommand("LCS")]
    public RedisObservable<RedisValue> Lcs(RedisKey first, RedisKey second) =>
        Command(CommandTable.Lcs, ReplyDecoders.Value, Arguments.Key(first, nameof(first)), Arguments.Key(second, nameof(second)));

    /// <summary><c>LCS key1 key2 LEN</c>: the length of the longest common subsequence.</summary>
    [RedisCommand("LCS")]
    public RedisObservable<long> LcsLength(RedisKey first, RedisKey second) =>
        Command(CommandTable.Lcs, ReplyDecoders.Int64, Arguments.Key(first, nameof(first)), Arguments.Key(second, nameof(second)), "LEN");
}
