namespace RxRedis;

/// <summary>Which end of a sorted set a pop takes from (<c>MIN</c>/<c>MAX</c>).</summary>
public enum SortedSetOrder
{
    /// <summary>The lowest scores first.</summary>
    Min,
    /// <summary>The highest scores first.</summary>
    Max,
}

/// <summary>What <c>ZRANGE</c>'s start and stop mean (https://redis.io/docs/latest/commands/zrange/).</summary>
public enum ZRangeBy
{
    /// <summary>Indexes (0 = first, -1 = last).</summary>
    Rank,
    /// <summary><c>BYSCORE</c>: scores; prefix <c>(</c> for exclusive, <c>-inf</c>/<c>+inf</c> for open ends.</summary>
    Score,
    /// <summary><c>BYLEX</c>: member bounds <c>[a</c> (inclusive), <c>(a</c> (exclusive), <c>-</c>/<c>+</c> (open).</summary>
    Lex,
}

/// <summary>The optional clauses of <c>ZRANGE</c> and <c>ZRANGESTORE</c>.</summary>
public sealed record ZRangeOptions
{
    /// <summary>How start and stop are read. Default by rank.</summary>
    public ZRangeBy By { get; init; }

    /// <summary><c>REV</c>: from the highest to the lowest (start is then the higher bound).</summary>
    public bool Reverse { get; init; }

    /// <summary><c>LIMIT offset count</c> (score and lex ranges only): skip this many.</summary>
    public long? Offset { get; init; }

    /// <summary><c>LIMIT offset count</c>: at most this many (negative = all after the offset).</summary>
    public long? Count { get; init; }
}

/// <summary><c>ZADD</c>'s comparison with the existing score (Redis 6.2+).</summary>
public enum ZAddComparison
{
    /// <summary>Always update.</summary>
    Always,
    /// <summary><c>GT</c>: only when the new score is greater.</summary>
    GreaterThan,
    /// <summary><c>LT</c>: only when the new score is less.</summary>
    LessThan,
}

/// <summary>The optional clauses of <c>ZADD</c> (https://redis.io/docs/latest/commands/zadd/).</summary>
public sealed record ZAddOptions
{
    /// <summary><c>NX</c> (only add new members) / <c>XX</c> (only update existing ones).</summary>
    public SetCondition Condition { get; init; }

    /// <summary><c>GT</c> / <c>LT</c>.</summary>
    public ZAddComparison Comparison { get; init; }

    /// <summary><c>CH</c>: count changed members, not only added ones.</summary>
    public bool Changed { get; init; }
}

/// <summary>How scores combine in <c>ZUNION</c>/<c>ZINTER</c> and their stores.</summary>
public enum ZAggregate
{
    /// <summary><c>SUM</c> (the default).</summary>
    Sum,
    /// <summary><c>MIN</c>.</summary>
    Min,
    /// <summary><c>MAX</c>.</summary>
    Max,
}

/// <summary>The <c>WEIGHTS</c> and <c>AGGREGATE</c> clauses of <c>ZUNION</c>/<c>ZINTER</c>(<c>STORE</c>).</summary>
public sealed record ZCombineOptions
{
    /// <summary>One multiplier per input key, or null for all 1.</summary>
    public IReadOnlyList<double>? Weights { get; init; }

    /// <summary>How scores of the same member combine.</summary>
    public ZAggregate Aggregate { get; init; }
}
