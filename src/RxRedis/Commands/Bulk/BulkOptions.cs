namespace RxRedis;

/// <summary>Which per-item results a bulk operation emits.</summary>
public enum BulkResults
{
    /// <summary>One <see cref="BulkResult{TIn, TOut}"/> per input, in input order.</summary>
    All,
    /// <summary>Only the failed items (in input order); successes are counted, not emitted.</summary>
    ErrorsOnly,
    /// <summary>Nothing per item: the observable only completes (or fails). The leanest mode for loading data.</summary>
    None,
}

/// <summary>How a bulk operation pipelines (https://redis.io/docs/latest/develop/use/pipelining/).</summary>
public sealed record BulkOptions
{
    /// <summary>The default options.</summary>
    public static BulkOptions Default { get; } = new();

    /// <summary>
    /// At most this many commands are sent and not yet delivered at any time; the source is read no faster than
    /// that, so memory stays bounded whatever its size. Default 16,384.
    /// </summary>
    public int MaxInFlight { get; init; } = 16_384;

    /// <summary>Commands per connection queue entry (written back to back). Default 128.</summary>
    public int ChunkSize { get; init; } = 128;

    /// <summary>Which per-item results are emitted. Default <see cref="BulkResults.All"/>.</summary>
    public BulkResults Results { get; init; }

    /// <summary>
    /// Stop at the first failed item: it is emitted, then the observable fails with its error and reads no more
    /// input (commands already sent still run). Default false: failures are reported and the rest continue.
    /// </summary>
    public bool StopOnError { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, ChunkSize, nameof(MaxInFlight));
    }
}
