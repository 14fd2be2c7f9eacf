namespace RxRedis;

/// <summary>How <see cref="RedisClient.TailStream"/> reads.</summary>
public sealed record StreamTailOptions
{
    /// <summary>The defaults: batches of 100, 5 s blocks, giving up after 1 min of failed reads.</summary>
    public static StreamTailOptions Default { get; } = new();

    /// <summary><c>COUNT</c>: at most this many entries per read. Default 100.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary><c>BLOCK</c>: how long one read waits on the server before it is issued again; zero waits forever. Default 5 s.</summary>
    public TimeSpan Block { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a run of failed reads may last before the tail ends with <see cref="RedisStreamConsumerException"/>.
    /// A read that fails transiently (connection lost, <c>LOADING</c>, ..., or timed out because the server stalled
    /// past <c>Block</c> + <see cref="RedisOptions.CommandTimeout"/>) is tried again after the
    /// <see cref="RedisOptions.RetryPolicy"/> backoff; any answered read ends the run. Measured on
    /// <see cref="RedisOptions.Scheduler"/>. Zero gives up at the first failure, <see cref="Timeout.InfiniteTimeSpan"/>
    /// never. Default 1 min.
    /// </summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(1);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Block, TimeSpan.Zero, nameof(Block));
        if (GiveUpAfter != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(GiveUpAfter, TimeSpan.Zero, nameof(GiveUpAfter));
        }
    }
}
