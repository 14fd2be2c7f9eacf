namespace RxRedis;

/// <summary>How <see cref="RedisClient.TailStream"/> reads.</summary>
public sealed record StreamTailOptions
{
    /// <summary>The defaults: batches of 100, 5 s blocks.</summary>
    public static StreamTailOptions Default { get; } = new();

    /// <summary><c>COUNT</c>: at most this many entries per read. Default 100.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary><c>BLOCK</c>: how long one read waits on the server before it is issued again; zero waits forever. Default 5 s.</summary>
    public TimeSpan Block { get; init; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Block, TimeSpan.Zero, nameof(Block));
    }
}
