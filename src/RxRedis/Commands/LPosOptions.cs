namespace RxRedis;

/// <summary>The optional clauses of <c>LPOS</c> (https://redis.io/docs/latest/commands/lpos/).</summary>
public sealed record LPosOptions
{
    /// <summary><c>RANK</c>: which match to return (1 = first, -1 = last, 2 = second, ...). Zero is invalid.</summary>
    public long? Rank { get; init; }

    /// <summary><c>MAXLEN</c>: compare at most this many elements (0 = all).</summary>
    public long? MaxLength { get; init; }
}
