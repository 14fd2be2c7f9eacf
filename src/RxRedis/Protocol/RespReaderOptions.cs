namespace RxRedis.Protocol;

/// <summary>Limits that keep a <see cref="RespReader"/> bounded in memory and work whatever a peer sends.</summary>
public sealed class RespReaderOptions
{
    private readonly int _maxBulkLength = 512 * 1024 * 1024;
    private readonly int _maxDepth = 64;
    private readonly int _maxAggregateLength = 1 << 24;

    /// <summary>The defaults: 512 MiB bulk strings (Redis' own <c>proto-max-bulk-len</c>), depth 64, 16 Mi elements.</summary>
    public static RespReaderOptions Default { get; } = new();

    /// <summary>
    /// The longest bulk string, bulk error, verbatim string, simple string or big number accepted, in bytes.
    /// Defaults to 512 MiB, Redis' own <c>proto-max-bulk-len</c>.
    /// </summary>
    public int MaxBulkLength
    {
        get => _maxBulkLength;
        init => _maxBulkLength = CheckRange(value, 0, Array.MaxLength);
    }

    /// <summary>
    /// How many aggregates may be open inside one another (an attribute and the value it annotates count as one
    /// level). Defaults to 64: Redis replies nest a few levels at most, and the bound caps the reader's state.
    /// </summary>
    public int MaxDepth
    {
        get => _maxDepth;
        init => _maxDepth = CheckRange(value, 1, 1 << 20);
    }

    /// <summary>
    /// The largest count one aggregate header may declare (for maps and attributes, the number of pairs).
    /// Defaults to 2^24 (16,777,216): larger replies should be paged (SCAN, LRANGE ranges), and the cap stops a
    /// header such as <c>*2147483647</c> from being believed.
    /// </summary>
    public int MaxAggregateLength
    {
        get => _maxAggregateLength;
        init => _maxAggregateLength = CheckRange(value, 0, (Array.MaxLength - 1) / 2);
    }

    private static int CheckRange(int value, int min, int max) =>
        value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Must be between {min} and {max}.");
}
