using Microsoft.AspNetCore.SignalR.Client;

namespace RxRedis.SignalR.Tests;

/// <summary>Counts the messages a set of clients receive on one method and completes when each has the expected number.</summary>
internal sealed class CountingReceiver
{
    private readonly int[] _counts;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected;

    private CountingReceiver(int clients) => _counts = new int[clients];

    /// <summary>
    /// Connects <paramref name="clients"/> clients to <paramref name="app"/>, each counting what it receives on
    /// <paramref name="method"/>; with <paramref name="keepAlive"/>, each pings the server that often (a reading client
    /// sends nothing else, and the server drops a client it has not heard from within its ClientTimeoutInterval).
    /// </summary>
    public static async Task<CountingReceiver> ConnectAsync(HubApp app, int clients, string method, TimeSpan? keepAlive = null)
    {
        var receiver = new CountingReceiver(clients);
        for (var i = 0; i < clients; i++)
        {
            var index = i;
            await app.ConnectAsync(c =>
            {
                if (keepAlive is { } interval)
                {
                    c.KeepAliveInterval = interval;
                }
                receiver.Attach(c, index, method);
            });
        }
        return receiver;
    }

    public IReadOnlyList<int> Counts => _counts;

    /// <summary>Registers client <paramref name="index"/>'s handler for <paramref name="method"/> (arguments: a number, a payload).</summary>
    private void Attach(HubConnection client, int index, string method) =>
        client.On<int, string>(method, (_, _) =>
        {
            if (Interlocked.Increment(ref _counts[index]) == Volatile.Read(ref _expected) && _counts.All(c => Volatile.Read(ref c) >= _expected))
            {
                _done.TrySetResult();
            }
        });

    /// <summary>Starts a round: zeroes the counts; the returned task completes when every client has <paramref name="expected"/> more.</summary>
    public Task Expect(int expected)
    {
        Array.Clear(_counts);
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _expected, expected);
        return _done.Task;
    }
}
