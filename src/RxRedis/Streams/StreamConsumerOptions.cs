namespace RxRedis;

/// <summary>How <see cref="RedisClient.ConsumeStream"/> reads, acknowledges and recovers entries of a consumer group.</summary>
public sealed record StreamConsumerOptions
{
    /// <summary>The defaults: batches of 100, 5 s blocks, automatic acknowledgement, no claiming, group created at <c>$</c>, giving up after 1 min of failed reads.</summary>
    public static StreamConsumerOptions Default { get; } = new();

    /// <summary><c>COUNT</c>: at most this many entries per read (and per <c>XAUTOCLAIM</c> page). Default 100.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>
    /// <c>BLOCK</c>: how long one read of new entries waits on the server before it is issued again; zero waits
    /// forever. The read runs on a dedicated connection, never the shared one. Default 5 s.
    /// </summary>
    public TimeSpan Block { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a run of failed reads may last before the consumer ends with <see cref="RedisStreamConsumerException"/>.
    /// A read that fails transiently (connection lost, <c>LOADING</c>, ..., or timed out because the server stalled
    /// past <c>Block</c> + <see cref="RedisOptions.CommandTimeout"/>) is tried again after the
    /// <see cref="RedisOptions.RetryPolicy"/> backoff; any answered read ends the run. Measured on
    /// <see cref="RedisOptions.Scheduler"/>. Zero gives up at the first failure, <see cref="Timeout.InfiniteTimeSpan"/>
    /// never. Default 1 min.
    /// </summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Acknowledge (<c>XACK</c>) each batch once <c>OnNext</c> has returned for its entries. When false, call
    /// <see cref="StreamMessage.Ack"/> yourself. Default true.
    /// </summary>
    public bool AutoAck { get; init; } = true;

    /// <summary>
    /// Claim (<c>XAUTOCLAIM</c>) entries that other consumers of the group have left pending at least this long, and
    /// deliver them through the same observable; null turns claiming off. It must be longer than processing one
    /// entry takes, or entries still being processed are taken over. Default null.
    /// </summary>
    public TimeSpan? ClaimMinIdle { get; init; }

    /// <summary>How often, on <see cref="RedisOptions.Scheduler"/>, to look for entries to claim. Default 5 s.</summary>
    public TimeSpan ClaimInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Create the group (<c>XGROUP CREATE ... MKSTREAM</c>, creating the stream too) before the first read; an
    /// existing group is kept as it is. Default true.
    /// </summary>
    public bool CreateGroup { get; init; } = true;

    /// <summary>Where a group created by <see cref="CreateGroup"/> starts: <c>$</c> (new entries only, the default) or an id such as <c>0</c> (the whole stream).</summary>
    public RedisValue StartId { get; init; } = "$";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Block, TimeSpan.Zero, nameof(Block));
        if (GiveUpAfter != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(GiveUpAfter, TimeSpan.Zero, nameof(GiveUpAfter));
        }
        if (ClaimMinIdle is { } idle)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(idle, TimeSpan.Zero, nameof(ClaimMinIdle));
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ClaimInterval, TimeSpan.Zero, nameof(ClaimInterval));
        }
        if (CreateGroup && StartId.IsNull)
        {
            throw new ArgumentException("A group to create needs a start id.", nameof(StartId));
        }
    }
}
