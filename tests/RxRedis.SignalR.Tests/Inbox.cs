using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace RxRedis.SignalR.Tests;

/// <summary>What one client received on one method, in arrival order.</summary>
internal sealed class Inbox<T>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly Channel<T> _received = Channel.CreateUnbounded<T>();

    public Inbox(HubConnection client, string method) => client.On<T>(method, value => _received.Writer.TryWrite(value));

    /// <summary>The next message; fails the test if none comes within 20 s (a generous bound on a loaded 2-core machine).</summary>
    public async Task<T> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No message arrived within {Patience}.");
        }
    }

    public bool TryTake(out T value) => _received.Reader.TryRead(out value!);
}
