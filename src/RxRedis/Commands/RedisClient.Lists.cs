using System.Reactive;
using RxRedis.Commands;

namespace RxRedis;

// List commands: https://redis.io/docs/latest/commands/?group=list (blocking ones: RedisClient.Blocking.cs)
public sealed partial class RedisClient
{
    /// <summary><c>LINDEX key index</c>: the element at the index (negative counts from the tail), or null.</summary>
    [RedisCommand("LINDEX")]
    public RedisObservable<RedisValue> LIndex(RedisKey key, long index) =>
        Command(CommandTable.LIndex, ReplyDecoders.Value, Arguments.Key(key, nameof(key)), index);

    /// <summary><c>LINSERT key BEFORE|AFTER pivot element</c>: the new length, -1 when the pivot is missing, 0 when the key is.</summary>
    [RedisCommand("LINSERT")]
    public RedisObservable<long> LInsert(RedisKey key, bool before, RedisValue pivot, RedisValue element) =>
        Command(CommandTable.LInsert, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), before ? "BEFORE" : "AFTER",
            Arguments.Value(pivot, nameof(pivot)), Arguments.Value(element, nameof(element)));

    /// <summary><c>LLEN key</c>: the list's length.</summary>
    [RedisCommand("LLEN")]
    public RedisObservable<long> LLen(RedisKey key) =>
        Command(CommandTable.LLen, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)));

    /// <summary><c>LMOVE source destination LEFT|RIGHT LEFT|RIGHT</c>: the element moved, or null when the source is empty.</summary>
    [RedisCommand("LMOVE")]
    public RedisObservable<RedisValue> LMove(RedisKey source, RedisKey destination, ListSide from, ListSide to) =>
        Command(CommandTable.LMove, ReplyDecoders.Value, Arguments.Key(source, nameof(source)), Arguments.Key(destination, nameof(destination)), Side(from), Side(to));

    /// <summary><c>LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]</c>: pops from the first non-empty list; null when all are empty.</summary>
    [RedisCommand("LMPOP")]
    public RedisObservable<PopResult<RedisValue>?> LMPop(RedisKey[] keys, ListSide side, long count = 1) =>
        Command(CommandTable.LMPop, ReplyDecoders.ValuesPop,
            new ArgumentList().CountedKeys(keys, nameof(keys)).Add(Side(side)).Add("COUNT").Add(Arguments.Positive(count, nameof(count))).ToArray());

    /// <summary><c>LPOP key</c>: the first element, or null.</summary>
    [RedisCommand("LPOP")]
    public RedisObservable<RedisValue> LPop(RedisKey key) =>
        Command(CommandTable.LPop, ReplyDecoders.Value, Arguments.Key(key, nameof(key)));

    /// <summary><c>LPOP key count</c>: up to <paramref name="count"/> elements from the head; null when the key does not exist.</summary>
    [RedisCommand("LPOP")]
    public RedisObservable<RedisValue[]?> LPop(RedisKey key, long count) =>
        Command(CommandTable.LPop, ReplyDecoders.NullableValues, Arguments.Key(key, nameof(key)), Arguments.NonNegative(count, nameof(count)));

    /// <summary><c>LPOS key element [RANK rank] [MAXLEN len]</c>: the index of the match, or null.</summary>
    [RedisCommand("LPOS")]
    public RedisObservable<long?> LPos(RedisKey key, RedisValue element, LPosOptions? options = null) =>
        Command(CommandTable.LPos, ReplyDecoders.NullableInt64, LPosArguments(key, element, options).ToArray());

    /// <summary><c>LPOS key element COUNT count [RANK rank] [MAXLEN len]</c>: the indexes of up to <paramref name="count"/> matches (0 = all).</summary>
    [RedisCommand("LPOS")]
    public RedisObservable<long[]> LPos(RedisKey key, RedisValue element, long count, LPosOptions? options = null) =>
        Command(CommandTable.LPos, ReplyDecoders.Int64s, LPosArguments(key, element, options).Add("COUNT").Add(Arguments.NonNegative(count, nameof(count))).ToArray());

    private static ArgumentList LPosArguments(RedisKey key, RedisValue element, LPosOptions? options)
    {
        var args = new ArgumentList(7).Key(key, nameof(key)).Value(element, nameof(element));
        if (options?.Rank is 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "LPOS RANK cannot be zero.");
        }
        return args.AddIf(options?.Rank is not null, "RANK", options?.Rank ?? 0)
            .AddIf(options?.MaxLength is not null, "MAXLEN", options?.MaxLength ?? 0);
    }

    /// <summary><c>LPUSH key element [element ...]</c>: the length after pushing at the head.</summary>
    [RedisCommand("LPUSH")]
    public RedisObservable<long> LPush(RedisKey key, params RedisValue[] elements) =>
        Command(CommandTable.LPush, ReplyDecoders.Int64, new ArgumentList().Key(key, nameof(key)).Values(elements, nameof(elements)).ToArray());

    /// <summary><c>LPUSHX key element [element ...]</c>: pushes only if the list exists; the length (0 when it does not).</summary>
    [RedisCommand("LPUSHX")]
    public RedisObservable<long> LPushX(RedisKey key, params RedisValue[] elements) =>
        Command(CommandTable.LPushX, ReplyDecoders.Int64, new ArgumentList().Key(key, nameof(key)).Values(elements, nameof(elements)).ToArray());

    /// <summary><c>LRANGE key start stop</c>: the elements between the indexes (inclusive; negative counts from the tail).</summary>
    [RedisCommand("LRANGE")]
    public RedisObservable<RedisValue[]> LRange(RedisKey key, long start = 0, long stop = -1) =>
        Command(CommandTable.LRange, ReplyDecoders.Values, Arguments.Key(key, nameof(key)), start, stop);

    /// <summary><c>LREM key count element</c>: removes matches (count &gt; 0 from the head, &lt; 0 from the tail, 0 all); how many.</summary>
    [RedisCommand("LREM")]
    public RedisObservable<long> LRem(RedisKey key, long count, RedisValue element) =>
        Command(CommandTable.LRem, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), count, Arguments.Value(element, nameof(element)));

    /// <summary><c>LSET key index element</c>: replaces the element; errors when the index is out of range.</summary>
    [RedisCommand("LSET")]
    public RedisObservable<Unit> LSet(RedisKey key, long index, RedisValue element) =>
        Command(CommandTable.LSet, ReplyDecoders.Ok, Arguments.Key(key, nameof(key)), index, Arguments.Value(element, nameof(element)));

    /// <summary><c>LTRIM key start stop</c>: keeps only the elements between the indexes.</summary>
    [RedisCommand("LTRIM")]
    public RedisObservable<Unit> LTrim(RedisKey key, long start, long stop) =>
        Command(CommandTable.LTrim, ReplyDecoders.Ok, Arguments.Key(key, nameof(key)), start, stop);

    /// <summary><c>RPOP key</c>: the last element, or null.</summary>
    [RedisCommand("RPOP")]
    public RedisObservable<RedisValue> RPop(RedisKey key) =>
        Command(CommandTable.RPop, ReplyDecoders.Value, Arguments.Key(key, nameof(key)));

    /// <summary><c>RPOP key count</c>: up to <paramref name="count"/> elements from the tail; null when the key does not exist.</summary>
    [RedisCommand("RPOP")]
    public RedisObservable<RedisValue[]?> RPop(RedisKey key, long count) =>
        Command(CommandTable.RPop, ReplyDecoders.NullableValues, Arguments.Key(key, nameof(key)), Arguments.NonNegative(count, nameof(count)));

    /// <summary><c>RPOPLPUSH source destination</c> (deprecated for LMOVE, kept for older servers): the element moved, or null.</summary>
    [RedisCommand("RPOPLPUSH")]
    public RedisObservable<RedisValue> RPopLPush(RedisKey source, RedisKey destination) =>
        Command(CommandTable.RPopLPush, ReplyDecoders.Value, Arguments.Key(source, nameof(source)), Arguments.Key(destination, nameof(destination)));

    /// <summary><c>RPUSH key element [element ...]</c>: the length after pushing at the tail.</summary>
    [RedisCommand("RPUSH")]
    public RedisObservable<long> RPush(RedisKey key, params RedisValue[] elements) =>
        Command(CommandTable.RPush, ReplyDecoders.Int64, new ArgumentList().Key(key, nameof(key)).Values(elements, nameof(elements)).ToArray());

    /// <summary><c>RPUSHX key element [element ...]</c>: pushes only if the list exists; the length (0 when it does not).</summary>
    [RedisCommand("RPUSHX")]
    public RedisObservable<long> RPushX(RedisKey key, params RedisValue[] elements) =>
        Command(CommandTable.RPushX, ReplyDecoders.Int64, new ArgumentList().Key(key, nameof(key)).Values(elements, nameof(elements)).ToArray());

    private static RedisValue Side(ListSide side) => side switch
    {
        ListSide.Left => "LEFT",
        ListSide.Right => "RIGHT",
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, "Unknown list side."),
    };
}
