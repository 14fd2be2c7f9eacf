using System.Collections.Concurrent;
using System.Diagnostics;

namespace RxRedis.IntegrationTests.Sentinel;

/// <summary>
/// Keeps a client busy from several workers, each awaiting a <c>SET</c> then a <c>GET</c> of a fresh key in a loop,
/// and records when every command started and ended and how it failed, on one clock shared with the test.
/// </summary>
internal sealed class CommandLoad(Stopwatch clock, string prefix)
{
    /// <summary>One command: its times on the shared clock, its key, and its error kind (null when it succeeded).</summary>
    public sealed record Sample(TimeSpan Start, TimeSpan End, string Key, bool IsWrite, string? Error);

    private readonly ConcurrentQueue<Sample> _samples = new();

    public IReadOnlyList<Sample> Samples => [.. _samples.OrderBy(s => s.End)];

    /// <summary>Runs <paramref name="workers"/> loops until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(RedisClient client, int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(client, w, stop), CancellationToken.None)));

    /// <summary>The end of the first successful command that started at or after <paramref name="since"/>, or null.</summary>
    public TimeSpan? FirstSuccessStartedAfter(TimeSpan since) =>
        _samples.Where(s => s.Error is null && s.Start >= since).Select(s => (TimeSpan?)s.End).Min();

    private async Task WorkAsync(RedisClient client, int worker, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var key = $"{prefix}{worker}:{i}";
            await RecordAsync(key, isWrite: true, async () => await client.Set(key, i));
            await RecordAsync(key, isWrite: false, async () => await client.Get(key));
        }
    }

    private async Task RecordAsync(string key, bool isWrite, Func<Task> command)
    {
        var start = clock.Elapsed;
        string? error = null;
        try
        {
            await command();
        }
        catch (RedisException e)
        {
            error = Kind(e);
        }
        _samples.Enqueue(new Sample(start, clock.Elapsed, key, isWrite, error));
    }

    private static string Kind(RedisException e) => e switch
    {
        RedisServerException server => $"{nameof(RedisServerException)} {server.Prefix}",
        RedisConnectionException connection => $"{e.GetType().Name} (outcome {connection.Outcome})",
        _ => e.GetType().Name,
    };
}
