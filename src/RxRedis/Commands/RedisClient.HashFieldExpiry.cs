using RxRedis.Commands;

namespace RxRedis;

// Hash-field expiry, Redis 7.4 (https://redis.io/docs/latest/develop/data-types/hashes/#field-expiration); Garnet
// serves it too. A server without it answers "unknown command", which fails the observable with a
// RedisServerException. Every reply is one entry per field, in the order the fields were given.
public sealed partial class RedisClient
{
    /// <summary>
    /// <c>HEXPIRE</c> (whole seconds) or <c>HPEXPIRE key ms [NX|XX|GT|LT] FIELDS n field ...</c>: sets a time to live
    /// on each field; what happened to each.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The expiry is not positive, or the condition is unknown.</exception>
    /// <exception cref="ArgumentException">No field was given.</exception>
    [RedisCommand("HEXPIRE", "HPEXPIRE")]
    public RedisObservable<HashFieldExpireResult[]> HExpire(RedisKey key, TimeSpan expiry, ExpireCondition condition, params RedisValue[] fields)
    {
        Arguments.Positive(expiry, nameof(expiry));
        var seconds = Arguments.IsWholeSeconds(expiry);
        RedisValue amount = seconds ? (long)expiry.TotalSeconds : (long)Math.Ceiling(expiry.TotalMilliseconds);
        return FieldExpiry(seconds ? CommandTable.HExpire : CommandTable.HPExpire, key, amount, condition, fields);
    }

    /// <summary><c>HEXPIRE</c>/<c>HPEXPIRE</c> with no condition: sets a time to live on each field.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The expiry is not positive.</exception>
    /// <exception cref="ArgumentException">No field was given.</exception>
    [RedisCommand("HEXPIRE", "HPEXPIRE")]
    public RedisObservable<HashFieldExpireResult[]> HExpire(RedisKey key, TimeSpan expiry, params RedisValue[] fields) =>
        HExpire(key, expiry, ExpireCondition.Always, fields);

    /// <summary>
    /// <c>HEXPIREAT</c> (whole seconds) or <c>HPEXPIREAT key unix-ms [NX|XX|GT|LT] FIELDS n field ...</c>: sets an
    /// absolute expiry on each field (one in the past deletes it); what happened to each.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is not after 1970-01-01, or the condition is unknown.</exception>
    /// <exception cref="ArgumentException">No field was given.</exception>
    [RedisCommand("HEXPIREAT", "HPEXPIREAT")]
    public RedisObservable<HashFieldExpireResult[]> HExpireAt(RedisKey key, DateTimeOffset when, ExpireCondition condition, params RedisValue[] fields)
    {
        var ms = when.ToUnixTimeMilliseconds();
        if (ms <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(when), when, "The expiry time must be after 1970-01-01.");
        }
        return ms % 1000 == 0
            ? FieldExpiry(CommandTable.HExpireAt, key, ms / 1000, condition, fields)
            : FieldExpiry(CommandTable.HPExpireAt, key, ms, condition, fields);
    }

    /// <summary><c>HEXPIREAT</c>/<c>HPEXPIREAT</c> with no condition: sets an absolute expiry on each field.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is not after 1970-01-01.</exception>
    /// <exception cref="ArgumentException">No field was given.</exception>
    [RedisCommand("HEXPIREAT", "HPEXPIREAT")]
    public RedisObservable<HashFieldExpireResult[]> HExpireAt(RedisKey key, DateTimeOffset when, params RedisValue[] fields) =>
        HExpireAt(key, when, ExpireCondition.Always, fields);

    /// <summary><c>HTTL key FIELDS n field ...</c>: each field's time to live in seconds; null where it has none or does not exist.</summary>
    /// <exception cref="ArgumentException">No field was given.</exception>
    [RedisCommand("HTTL")]
    public RedisObservable<TimeSpan?[]> HTtl(RedisKey key, params RedisValue[] fields) =>
        Command(CommandTable.HTtl, ReplyDecoders.FieldTtlSeconds, FieldArguments(key, fields));

    /// <summary><c>HPTTL key FIELDS n field ...</c>: each field's time to live in milliseconds; null where it has none or does not exist.</summary>
    /// <exception cref="ArgumentException">No field was given.</exception>
    [RedisCommand("HPTTL")]
    public RedisObservable<TimeSpan?[]> HPTtl(RedisKey key, params RedisValue[] fields) =>
        Command(CommandTable.HPTtl, ReplyDecoders.FieldTtlMilliseconds, FieldArguments(key, fields));

    /// <summary><c>HEXPIRETIME key FIELDS n field ...</c>: each field's absolute expiry (second precision); null where it has none or does not exist.</summary>
    /// <exception cref="ArgumentException">No field was given.</exception>
    [RedisCommand("HEXPIRETIME")]
    public RedisObservable<DateTimeOffset?[]> HExpireTime(RedisKey key, params RedisValue[] fields) =>
        Command(CommandTable.HExpireTime, ReplyDecoders.FieldExpiryTimes, FieldArguments(key, fields));

    /// <summary><c>HPEXPIRETIME key FIELDS n field ...</c>: each field's absolute expiry (millisecond precision); null where it has none or does not exist.</summary>
    /// <exception cref="ArgumentException">No field was given.</exception>
    [RedisCommand("HPEXPIRETIME")]
    public RedisObservable<DateTimeOffset?[]> HPExpireTime(RedisKey key, params RedisValue[] fields) =>
        Command(CommandTable.HPExpireTime, ReplyDecoders.FieldExpiryTimesMs, FieldArguments(key, fields));

    /// <summary><c>HPERSIST key FIELDS n field ...</c>: removes each field's expiry; true where one was removed (false: no expiry, or no such field).</summary>
    /// <exception cref="ArgumentException">No field was given.</exception>
    [RedisCommand("HPERSIST")]
    public RedisObservable<bool[]> HPersist(RedisKey key, params RedisValue[] fields) =>
        Command(CommandTable.HPersist, ReplyDecoders.FieldsPersisted, FieldArguments(key, fields));

    private RedisObservable<HashFieldExpireResult[]> FieldExpiry(CommandInfo info, RedisKey key, RedisValue amount, ExpireCondition condition, RedisValue[] fields)
    {
        var args = new ArgumentList().Key(key, nameof(key)).Add(amount);
        switch (condition)
        {
            case ExpireCondition.Always: break;
            case ExpireCondition.HasNoExpiry: args.Add("NX"); break;
            case ExpireCondition.HasExpiry: args.Add("XX"); break;
            case ExpireCondition.GreaterThan: args.Add("GT"); break;
            case ExpireCondition.LessThan: args.Add("LT"); break;
            default: throw new ArgumentOutOfRangeException(nameof(condition), condition, "Unknown expire condition.");
        }
        return Command(info, ReplyDecoders.FieldExpireResults, AddFields(args, fields).ToArray());
    }

    private static RedisValue[] FieldArguments(RedisKey key, RedisValue[] fields) =>
        AddFields(new ArgumentList().Key(key, nameof(key)), fields).ToArray();

    // "FIELDS numfields field ...": at least one field, none null.
    private static ArgumentList AddFields(ArgumentList args, RedisValue[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Length == 0)
        {
            throw new ArgumentException("At least one field is required.", nameof(fields));
        }
        return args.Add("FIELDS").Add(fields.Length).Values(fields, nameof(fields));
    }
}
