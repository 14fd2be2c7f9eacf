using RxRedis.Commands;

namespace RxRedis;

// Sorted-set commands: https://redis.io/docs/latest/commands/?group=sorted-set (blocking: RedisClient.Blocking.cs)
public sealed partial class RedisClient
{
    /// <summary><c>ZADD key [NX|XX] [GT|LT] [CH] score member [score member ...]</c>: members added (or changed, with CH).</summary>
    [RedisCommand("ZADD")]
    public RedisObservable<long> ZAdd(RedisKey key, IEnumerable<SortedSetEntry> entries, ZAddOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var args = ZAddArguments(key, options);
        var before = args.Count;
        foreach (var entry in entries)
        {
            args.Add(Arguments.Score(entry.Score, nameof(entries))).Value(entry.Member, nameof(entries));
        }
        return args.Count > before
            ? Command(CommandTable.ZAdd, ReplyDecoders.Int64, args.ToArray())
            : throw new ArgumentException("At least one member is required.", nameof(entries));
    }

    /// <summary><c>ZADD key ... score member</c>: true when the member was added (or changed, with CH).</summary>
    [RedisCommand("ZADD")]
    public RedisObservable<bool> ZAdd(RedisKey key, RedisValue member, double score, ZAddOptions? options = null) =>
        Command(CommandTable.ZAdd, ReplyDecoders.Boolean,
            ZAddArguments(key, options).Add(Arguments.Score(score, nameof(score))).Value(member, nameof(member)).ToArray());

    /// <summary><c>ZADD key ... INCR increment member</c>: the new score, or null when a condition stopped it.</summary>
    [RedisCommand("ZADD")]
    public RedisObservable<double?> ZAddIncr(RedisKey key, RedisValue member, double increment, ZAddOptions? options = null) =>
        Command(CommandTable.ZAdd, ReplyDecoders.NullableDouble,
            ZAddArguments(key, options).Add("INCR").Add(Arguments.Score(increment, nameof(increment))).Value(member, nameof(member)).ToArray());

    private static ArgumentList ZAddArguments(RedisKey key, ZAddOptions? options)
    {
        var args = new ArgumentList().Key(key, nameof(key));
        if (options is null)
        {
            return args;
        }
        if (options.Condition == SetCondition.NotExists && options.Comparison != ZAddComparison.Always)
        {
            throw new ArgumentException("ZADD NX cannot be combined with GT or LT.", nameof(options));
        }
        return args
            .AddIf(options.Condition == SetCondition.NotExists, "NX")
            .AddIf(options.Condition == SetCondition.Exists, "XX")
            .AddIf(options.Comparison == ZAddComparison.GreaterThan, "GT")
            .AddIf(options.Comparison == ZAddComparison.LessThan, "LT")
            .AddIf(options.Changed, "CH");
    }

    /// <summary><c>ZCARD key</c>: the number of members.</summary>
    [RedisCommand("ZCARD")]
    public RedisObservable<long> ZCard(RedisKey key) =>
        Command(CommandTable.ZCard, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)));

    /// <summary><c>ZCOUNT key min max</c>: members with scores in the range (<c>(</c> for exclusive, <c>-inf</c>/<c>+inf</c>).</summary>
    [RedisCommand("ZCOUNT")]
    public RedisObservable<long> ZCount(RedisKey key, RedisValue min, RedisValue max) =>
        Command(CommandTable.ZCount, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), Arguments.Value(min, nameof(min)), Arguments.Value(max, nameof(max)));

    /// <summary><c>ZDIFF numkeys key [key ...]</c>: members of the first set not in the others.</summary>
    [RedisCommand("ZDIFF")]
    public RedisObservable<RedisValue[]> ZDiff(params RedisKey[] keys) =>
        Command(CommandTable.ZDiff, ReplyDecoders.Values, new ArgumentList().CountedKeys(keys, nameof(keys)).ToArray());

    /// <summary><c>ZDIFF numkeys key [key ...] WITHSCORES</c>: the difference with scores.</summary>
    [RedisCommand("ZDIFF")]
    public RedisObservable<SortedSetEntry[]> ZDiffWithScores(params RedisKey[] keys) =>
        Command(CommandTable.ZDiff, ReplyDecoders.Entries, new ArgumentList().CountedKeys(keys, nameof(keys)).Add("WITHSCORES").ToArray());

    /// <summary><c>ZDIFFSTORE destination numkeys key [key ...]</c>: stores the difference; its size.</summary>
    [RedisCommand("ZDIFFSTORE")]
    public RedisObservable<long> ZDiffStore(RedisKey destination, params RedisKey[] keys) =>
        Command(CommandTable.ZDiffStore, ReplyDecoders.Int64, new ArgumentList().Key(destination, nameof(destination)).CountedKeys(keys, nameof(keys)).ToArray());

    /// <summary><c>ZINCRBY key increment member</c>: the member's new score.</summary>
    [RedisCommand("ZINCRBY")]
    public RedisObservable<double> ZIncrBy(RedisKey key, double increment, RedisValue member) =>
        Command(CommandTable.ZIncrBy, ReplyDecoders.Double, Arguments.Key(key, nameof(key)), Arguments.Score(increment, nameof(increment)), Arguments.Value(member, nameof(member)));

    /// <summary><c>ZINTER numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...]</c>: members in every set.</summary>
    [RedisCommand("ZINTER")]
    public RedisObservable<RedisValue[]> ZInter(RedisKey[] keys, ZCombineOptions? options = null) =>
        Command(CommandTable.ZInter, ReplyDecoders.Values, CombineArguments(new ArgumentList(), keys, options).ToArray());

    /// <summary><c>ZINTER ... WITHSCORES</c>: the intersection with combined scores.</summary>
    [RedisCommand("ZINTER")]
    public RedisObservable<SortedSetEntry[]> ZInterWithScores(RedisKey[] keys, ZCombineOptions? options = null) =>
        Command(CommandTable.ZInter, ReplyDecoders.Entries, CombineArguments(new ArgumentList(), keys, options).Add("WITHSCORES").ToArray());

    /// <summary><c>ZINTERCARD numkeys key [key ...] [LIMIT limit]</c>: the size of the intersection.</summary>
    [RedisCommand("ZINTERCARD")]
    public RedisObservable<long> ZInterCard(RedisKey[] keys, long limit = 0) =>
        Command(CommandTable.ZInterCard, ReplyDecoders.Int64,
            new ArgumentList().CountedKeys(keys, nameof(keys)).AddIf(limit != 0, "LIMIT", Arguments.NonNegative(limit, nameof(limit))).ToArray());

    /// <summary><c>ZINTERSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...]</c>: stores the intersection; its size.</summary>
    [RedisCommand("ZINTERSTORE")]
    public RedisObservable<long> ZInterStore(RedisKey destination, RedisKey[] keys, ZCombineOptions? options = null) =>
        Command(CommandTable.ZInterStore, ReplyDecoders.Int64, CombineArguments(new ArgumentList().Key(destination, nameof(destination)), keys, options).ToArray());

    /// <summary><c>ZLEXCOUNT key min max</c>: members between the lex bounds (<c>[a</c>, <c>(a</c>, <c>-</c>, <c>+</c>).</summary>
    [RedisCommand("ZLEXCOUNT")]
    public RedisObservable<long> ZLexCount(RedisKey key, RedisValue min, RedisValue max) =>
        Command(CommandTable.ZLexCount, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), Arguments.Value(min, nameof(min)), Arguments.Value(max, nameof(max)));

    /// <summary><c>ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]</c>: pops from the first non-empty set; null when all are empty.</summary>
    [RedisCommand("ZMPOP")]
    public RedisObservable<PopResult<SortedSetEntry>?> ZMPop(RedisKey[] keys, SortedSetOrder order, long count = 1) =>
        Command(CommandTable.ZMPop, ReplyDecoders.EntriesPop,
            new ArgumentList().CountedKeys(keys, nameof(keys)).Add(Order(order)).Add("COUNT").Add(Arguments.Positive(count, nameof(count))).ToArray());

    /// <summary><c>ZMSCORE key member [member ...]</c>: each member's score, null where missing.</summary>
    [RedisCommand("ZMSCORE")]
    public RedisObservable<double?[]> ZMScore(RedisKey key, params RedisValue[] members) =>
        Command(CommandTable.ZMScore, ReplyDecoders.NullableDoubles, new ArgumentList().Key(key, nameof(key)).Values(members, nameof(members)).ToArray());

    /// <summary><c>ZPOPMAX key</c>: removes and returns the highest-scored member, or null.</summary>
    [RedisCommand("ZPOPMAX")]
    public RedisObservable<SortedSetEntry?> ZPopMax(RedisKey key) =>
        Command(CommandTable.ZPopMax, ReplyDecoders.NullableEntry, Arguments.Key(key, nameof(key)));

    /// <summary><c>ZPOPMAX key count</c>: removes and returns up to <paramref name="count"/> highest-scored members.</summary>
    [RedisCommand("ZPOPMAX")]
    public RedisObservable<SortedSetEntry[]> ZPopMax(RedisKey key, long count) =>
        Command(CommandTable.ZPopMax, ReplyDecoders.Entries, Arguments.Key(key, nameof(key)), Arguments.NonNegative(count, nameof(count)));

    /// <summary><c>ZPOPMIN key</c>: removes and returns the lowest-scored member, or null.</summary>
    [RedisCommand("ZPOPMIN")]
    public RedisObservable<SortedSetEntry?> ZPopMin(RedisKey key) =>
        Command(CommandTable.ZPopMin, ReplyDecoders.NullableEntry, Arguments.Key(key, nameof(key)));

    /// <summary><c>ZPOPMIN key count</c>: removes and returns up to <paramref name="count"/> lowest-scored members.</summary>
    [RedisCommand("ZPOPMIN")]
    public RedisObservable<SortedSetEntry[]> ZPopMin(RedisKey key, long count) =>
        Command(CommandTable.ZPopMin, ReplyDecoders.Entries, Arguments.Key(key, nameof(key)), Arguments.NonNegative(count, nameof(count)));

    /// <summary><c>ZRANDMEMBER key count</c>: random members (distinct for a positive count; negative allows repeats).</summary>
    [RedisCommand("ZRANDMEMBER")]
    public RedisObservable<RedisValue[]> ZRandMember(RedisKey key, long count) =>
        Command(CommandTable.ZRandMember, ReplyDecoders.Values, Arguments.Key(key, nameof(key)), count);

    /// <summary><c>ZRANDMEMBER key count WITHSCORES</c>: random members with their scores.</summary>
    [RedisCommand("ZRANDMEMBER")]
    public RedisObservable<SortedSetEntry[]> ZRandMemberWithScores(RedisKey key, long count) =>
        Command(CommandTable.ZRandMember, ReplyDecoders.Entries, Arguments.Key(key, nameof(key)), count, "WITHSCORES");

    /// <summary>
    /// <c>ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count]</c>: the members in the range, read as
    /// ranks, scores or lex bounds per <see cref="ZRangeOptions.By"/>.
    /// </summary>
    [RedisCommand("ZRANGE")]
    public RedisObservable<RedisValue[]> ZRange(RedisKey key, RedisValue start, RedisValue stop, ZRangeOptions? options = null) =>
        Command(CommandTable.ZRange, ReplyDecoders.Values, RangeArguments(new ArgumentList().Key(key, nameof(key)), start, stop, options).ToArray());

    /// <summary><c>ZRANGE ... WITHSCORES</c> (not with BYLEX): the members in the range with their scores.</summary>
    [RedisCommand("ZRANGE")]
    public RedisObservable<SortedSetEntry[]> ZRangeWithScores(RedisKey key, RedisValue start, RedisValue stop, ZRangeOptions? options = null) =>
        Command(CommandTable.ZRange, ReplyDecoders.Entries, RangeArguments(new ArgumentList().Key(key, nameof(key)), start, stop, options).Add("WITHSCORES").ToArray());

    /// <summary><c>ZRANGESTORE destination source start stop ...</c>: stores the range; its size.</summary>
    [RedisCommand("ZRANGESTORE")]
    public RedisObservable<long> ZRangeStore(RedisKey destination, RedisKey source, RedisValue start, RedisValue stop, ZRangeOptions? options = null) =>
        Command(CommandTable.ZRangeStore, ReplyDecoders.Int64,
            RangeArguments(new ArgumentList().Key(destination, nameof(destination)).Key(source, nameof(source)), start, stop, options).ToArray());

    private static ArgumentList RangeArguments(ArgumentList args, RedisValue start, RedisValue stop, ZRangeOptions? options)
    {
        args.Value(start, nameof(start)).Value(stop, nameof(stop));
        if (options is null)
        {
            return args;
        }
        var limited = options.Offset is not null || options.Count is not null;
        if (limited && options.By == ZRangeBy.Rank)
        {
            throw new ArgumentException("ZRANGE LIMIT needs a score or lex range.", nameof(options));
        }
        return args
            .AddIf(options.By == ZRangeBy.Score, "BYSCORE")
            .AddIf(options.By == ZRangeBy.Lex, "BYLEX")
            .AddIf(options.Reverse, "REV")
            .AddIf(limited, "LIMIT")
            .AddIf(limited, options.Offset ?? 0, options.Count ?? -1);
    }

    /// <summary><c>ZRANK key member</c>: the member's rank by ascending score, or null.</summary>
    [RedisCommand("ZRANK")]
    public RedisObservable<long?> ZRank(RedisKey key, RedisValue member) =>
        Command(CommandTable.ZRank, ReplyDecoders.NullableInt64, Arguments.Key(key, nameof(key)), Arguments.Value(member, nameof(member)));

    /// <summary><c>ZREM key member [member ...]</c>: how many members were removed.</summary>
    [RedisCommand("ZREM")]
    public RedisObservable<long> ZRem(RedisKey key, params RedisValue[] members) =>
        Command(CommandTable.ZRem, ReplyDecoders.Int64, new ArgumentList().Key(key, nameof(key)).Values(members, nameof(members)).ToArray());

    /// <summary><c>ZREMRANGEBYLEX key min max</c>: removes members between the lex bounds; how many.</summary>
    [RedisCommand("ZREMRANGEBYLEX")]
    public RedisObservable<long> ZRemRangeByLex(RedisKey key, RedisValue min, RedisValue max) =>
        Command(CommandTable.ZRemRangeByLex, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), Arguments.Value(min, nameof(min)), Arguments.Value(max, nameof(max)));

    /// <summary><c>ZREMRANGEBYRANK key start stop</c>: removes members between the ranks; how many.</summary>
    [RedisCommand("ZREMRANGEBYRANK")]
    public RedisObservable<long> ZRemRangeByRank(RedisKey key, long start, long stop) =>
        Command(CommandTable.ZRemRangeByRank, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), start, stop);

    /// <summary><c>ZREMRANGEBYSCORE key min max</c>: removes members between the scores; how many.</summary>
    [RedisCommand("ZREMRANGEBYSCORE")]
    public RedisObservable<long> ZRemRangeByScore(RedisKey key, RedisValue min, RedisValue max) =>
        Command(CommandTable.ZRemRangeByScore, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)), Arguments.Value(min, nameof(min)), Arguments.Value(max, nameof(max)));

    /// <summary><c>ZREVRANK key member</c>: the member's rank by descending score, or null.</summary>
    [RedisCommand("ZREVRANK")]
    public RedisObservable<long?> ZRevRank(RedisKey key, RedisValue member) =>
        Command(CommandTable.ZRevRank, ReplyDecoders.NullableInt64, Arguments.Key(key, nameof(key)), Arguments.Value(member, nameof(member)));

    /// <summary><c>ZSCORE key member</c>: the member's score, or null.</summary>
    [RedisCommand("ZSCORE")]
    public RedisObservable<double?> ZScore(RedisKey key, RedisValue member) =>
        Command(CommandTable.ZScore, ReplyDecoders.NullableDouble, Arguments.Key(key, nameof(key)), Arguments.Value(member, nameof(member)));

    /// <summary><c>ZUNION numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...]</c>: members of any set.</summary>
    [RedisCommand("ZUNION")]
    public RedisObservable<RedisValue[]> ZUnion(RedisKey[] keys, ZCombineOptions? options = null) =>
        Command(CommandTable.ZUnion, ReplyDecoders.Values, CombineArguments(new ArgumentList(), keys, options).ToArray());

    /// <summary><c>ZUNION ... WITHSCORES</c>: the union with combined scores.</summary>
    [RedisCommand("ZUNION")]
    public RedisObservable<SortedSetEntry[]> ZUnionWithScores(RedisKey[] keys, ZCombineOptions? options = null) =>
        Command(CommandTable.ZUnion, ReplyDecoders.Entries, CombineArguments(new ArgumentList(), keys, options).Add("WITHSCORES").ToArray());

    /// <summary><c>ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...]</c>: stores the union; its size.</summary>
    [RedisCommand("ZUNIONSTORE")]
    public RedisObservable<long> ZUnionStore(RedisKey destination, RedisKey[] keys, ZCombineOptions? options = null) =>
        Command(CommandTable.ZUnionStore, ReplyDecoders.Int64, CombineArguments(new ArgumentList().Key(destination, nameof(destination)), keys, options).ToArray());

    private static ArgumentList CombineArguments(ArgumentList args, RedisKey[] keys, ZCombineOptions? options)
    {
        args.CountedKeys(keys, nameof(keys));
        if (options?.Weights is { } weights)
        {
            if (weights.Count != keys.Length)
            {
                throw new ArgumentException($"{weights.Count} weights for {keys.Length} keys; give one per key.", nameof(options));
            }
            args.Add("WEIGHTS");
            foreach (var weight in weights)
            {
                args.Add(Arguments.Finite(weight, nameof(options)));
            }
        }
        return options?.Aggregate switch
        {
            null or ZAggregate.Sum => args,
            ZAggregate.Min => args.Add("AGGREGATE").Add("MIN"),
            ZAggregate.Max => args.Add("AGGREGATE").Add("MAX"),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Aggregate, "Unknown aggregate."),
        };
    }

    private static RedisValue Order(SortedSetOrder order) => order switch
    {
        SortedSetOrder.Min => "MIN",
        SortedSetOrder.Max => "MAX",
        _ => throw new ArgumentOutOfRangeException(nameof(order), order, "Unknown order."),
    };
}
