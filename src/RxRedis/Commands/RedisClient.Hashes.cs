using RxRedis.Commands;

namespace RxRedis;

// Hash commands: https://redis.io/docs/latest/commands/?group=hash
public sealed partial class RedisClient
{
    /// <summary><c>HDEL key field [field ...]</c>: how many fields were removed.</summary>
    [RedisCommand("HDEL")]
    public RedisObservable<long> HDel(RedisKey key, params RedisValue[] fields) =>
        Command(CommandTable.HDel, ReplyDecoders.Int64, new ArgumentList().Key(key, nameof(key)).Values(fields, nameof(fields)).ToArray());

    /// <summary><c>HEXISTS key field</c>: whether the field exists.</summary>
    [RedisCommand("HEXISTS")]
    public RedisObservable<bool> HExists(RedisKey key, RedisValue field) =>
        Command(CommandTable.HExists, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)), Arguments.Value(field, nameof(field)));

    /// <summary><c>HGET key field</c>: the field's value, or null.</summary>
    [RedisCommand("HGET")]
    public RedisObservable<RedisValue> HGet(RedisKey key, RedisValue field) =>
        Command(CommandTable.HGet, ReplyDecoders.Value, Arguments.Key(key, nameof(key)), Arguments.Value(field, nameof(field)));

    /// <summary><c>HGETALL key</c>: every field and value (empty when the key does not exist).</summary>
    [RedisCommand("HGETALL")]
    public RedisObservable<IReadOnlyDictionary<RedisValue, RedisValue>> HGetAll(RedisKey key) =>
        Command(CommandTable.HGetAll, ReplyDecoders.Dictionary, Arguments.Key(key, nameof(key)));

    /// <summary><c>HINCRBY key field increment</c>: the field's value after adding.</summary>
    [RedisCommand("HINCRBY")]
    public RedisObservable<long> HIncrBy(RedisKey key, RedisValue field, long increment) =>
        Command(CommandTable.HIncrBy, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), Arguments.Value(field, nameof(field)), increment);

    /// <summary><c>HINCRBYFLOAT key field increment</c>: the field's value after adding.</summary>
    [RedisCommand("HINCRBYFLOAT")]
    public RedisObservable<double> HIncrByFloat(RedisKey key, RedisValue field, double increment) =>
        Command(CommandTable.HIncrByFloat, ReplyDecoders.Double, Arguments.Key(key, nameof(key)), Arguments.Value(field, nameof(field)), Arguments.Finite(increment, nameof(increment)));

    /// <summary><c>HKEYS key</c>: the field names.</summary>
    [RedisCommand("HKEYS")]
    public RedisObservable<RedisValue[]> HKeys(RedisKey key) =>
        Command(CommandTable.HKeys, ReplyDecoders.Values, Arguments.Key(key, nameof(key)));

    /// <summary><c>HLEN key</c>: the number of fields.</summary>
    [RedisCommand("HLEN")]
    public RedisObservable<long> HLen(RedisKey key) =>
        Command(CommandTable.HLen, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)));

    /// <summary><c>HMGET key field [field ...]</c>: the values in field order, null where a field is missing.</summary>
    [RedisCommand("HMGET")]
    public RedisObservable<RedisValue[]> HMGet(RedisKey key, params RedisValue[] fields) =>
        Command(CommandTable.HMGet, ReplyDecoders.Values, new ArgumentList().Key(key, nameof(key)).Values(fields, nameof(fields)).ToArray());

    /// <summary><c>HRANDFIELD key count</c>: up to <paramref name="count"/> distinct random fields (a negative count allows repeats).</summary>
    [RedisCommand("HRANDFIELD")]
    public RedisObservable<RedisValue[]> HRandField(RedisKey key, long count) =>
        Command(CommandTable.HRandField, ReplyDecoders.Values, Arguments.Key(key, nameof(key)), count);

    /// <summary><c>HRANDFIELD key count WITHVALUES</c>: random fields with their values.</summary>
    [RedisCommand("HRANDFIELD")]
    public RedisObservable<KeyValuePair<RedisValue, RedisValue>[]> HRandFieldWithValues(RedisKey key, long count) =>
        Command(CommandTable.HRandField, ReplyDecoders.Pairs, Arguments.Key(key, nameof(key)), count, "WITHVALUES");

    /// <summary><c>HSET key field value [field value ...]</c>: how many fields were added (not counting updates).</summary>
    [RedisCommand("HSET")]
    public RedisObservable<long> HSet(RedisKey key, IEnumerable<KeyValuePair<RedisValue, RedisValue>> fields)
    {
        var args = new ArgumentList().Key(key, nameof(key));
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (field, value) in fields)
        {
            args.Value(field, nameof(fields)).Value(value, nameof(fields));
        }
        return args.Count > 1
            ? Command(CommandTable.HSet, ReplyDecoders.Int64, args.ToArray())
            : throw new ArgumentException("At least one field is required.", nameof(fields));
    }

    /// <summary><c>HSET key field value</c>: true when the field is new, false when it was updated.</summary>
    [RedisCommand("HSET")]
    public RedisObservable<bool> HSet(RedisKey key, RedisValue field, RedisValue value) =>
        Command(CommandTable.HSet, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)), Arguments.Value(field, nameof(field)), Arguments.Value(value, nameof(value)));

    /// <summary><c>HSETNX key field value</c>: sets the field only if it does not exist; true when it did.</summary>
    [RedisCommand("HSETNX")]
    public RedisObservable<bool> HSetNx(RedisKey key, RedisValue field, RedisValue value) =>
        Command(CommandTable.HSetNx, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)), Arguments.Value(field, nameof(field)), Arguments.Value(value, nameof(value)));

    /// <summary><c>HSTRLEN key field</c>: the length of the field's value (0 when missing).</summary>
    [RedisCommand("HSTRLEN")]
    public RedisObservable<long> HStrLen(RedisKey key, RedisValue field) =>
        Command(CommandTable.HStrLen, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), Arguments.Value(field, nameof(field)));

    /// <summary><c>HVALS key</c>: the values.</summary>
    [RedisCommand("HVALS")]
    public RedisObservable<RedisValue[]> HVals(RedisKey key) =>
        Command(CommandTable.HVals, ReplyDecoders.Values, Arguments.Key(key, nameof(key)));
}
