namespace RxRedis.Benchmarks.Macro;

/// <summary>
/// One client's implementation of every workload. Each is written in that client's own fastest idiomatic style,
/// with no shared adapter layer on the per-operation path, so the harness adds no allocation of its own.
/// </summary>
internal interface IClientUnderTest : IAsyncDisposable
{
    string Name { get; }

    /// <summary>SET every key to <paramref name="value"/> with at most <paramref name="window"/> outstanding; returns how many replied OK.</summary>
    Task<long> BulkSetAsync(string[] keys, byte[] value, int window);

    /// <summary>GET every key with at most <paramref name="window"/> outstanding; returns how many had a value of <paramref name="valueSize"/> bytes.</summary>
    Task<long> BulkGetAsync(string[] keys, int valueSize, int window);

    /// <summary>One request/response caller: awaits GET after GET until <paramref name="deadline"/>, recording each latency (Stopwatch ticks). Returns the count.</summary>
    Task<int> GetCallerAsync(string[] keys, int seed, long deadline, long[] latencies);

    /// <summary>One MGET caller over the given keys until <paramref name="deadline"/>, recording each latency. Returns the count.</summary>
    Task<int> MGetCallerAsync(string[] keys, long deadline, long[] latencies);

    /// <summary>
    /// Pub/sub fan-out: <paramref name="subscribers"/> subscribers on one channel of this client, then
    /// <paramref name="messages"/> messages published (pipelined, <paramref name="window"/> outstanding); completes when
    /// every subscriber has received every message. Returns the number of deliveries.
    /// </summary>
    Task<long> FanOutAsync(string channel, int subscribers, int messages, byte[] payload, int window);

    /// <summary>SET every key as one plain command each (no bulk API), at most <paramref name="window"/> outstanding; returns how many replied OK.</summary>
    Task<long> PipelinedSetAsync(string[] keys, byte[] value, int window);

    /// <summary>One sync-over-async GET (the calling thread blocks); false when it timed out (or the client failed its connection for it).</summary>
    bool BlockingGet(string key);

    /// <summary>The message of the first <see cref="BlockingGet"/> failure since the last call (what the client's timeout reports).</summary>
    string? TakeFirstFailure();

    /// <summary>Reads one key back (verification, not timed).</summary>
    Task<byte[]?> ReadAsync(string key);

    Task FlushAllAsync();
}
