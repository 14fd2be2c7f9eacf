using System.Diagnostics;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Sentinel;

/// <summary>
/// Subscribes to <c>+switch-master</c> on every sentinel over raw connections (not the client under test), and
/// records on the test's clock when the first announcement arrived: the moment the sentinels told the world.
/// </summary>
internal sealed class SwitchAnnouncements : IAsyncDisposable
{
    private readonly List<RawRedisConnection> _connections = [];
    private readonly List<Task> _reading = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<TimeSpan> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SwitchAnnouncements()
    {
    }

    /// <summary>When the first sentinel announced a switch.</summary>
    public Task<TimeSpan> First => _first.Task;

    public static async Task<SwitchAnnouncements> ListenAsync(IEnumerable<RedisServerProcess> sentinels, Stopwatch clock)
    {
        var listener = new SwitchAnnouncements();
        try
        {
            foreach (var sentinel in sentinels)
            {
                var connection = await RawRedisConnection.ConnectAsync(sentinel.TcpEndPoint, listener._stop.Token);
                listener._connections.Add(connection);
                await connection.ExecAsync(["SUBSCRIBE", "+switch-master"], listener._stop.Token); // the confirmation
                listener._reading.Add(listener.ReadAsync(connection, clock));
            }
            return listener;
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }
    }

    private async Task ReadAsync(RawRedisConnection connection, Stopwatch clock)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var message = await connection.ReadReplyAsync(_stop.Token);
                if (message.StartsWith("message\n+switch-master\n", StringComparison.Ordinal))
                {
                    _first.TrySetResult(clock.Elapsed);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped (or the sentinel went away); the other sentinels still listen.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
        await Task.WhenAll(_reading);
        _stop.Dispose();
    }
}
