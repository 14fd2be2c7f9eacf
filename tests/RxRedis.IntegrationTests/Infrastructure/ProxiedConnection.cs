using System.Net;
using System.Net.Sockets;

namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>One client connection through a <see cref="FaultProxy"/> and its upstream twin.</summary>
internal sealed class ProxiedConnection(Socket client, EndPoint target)
{
    private const int BufferSize = 16 * 1024;

    private readonly Socket _upstream = new(target.AddressFamily, SocketType.Stream, ProtocolType.Unspecified);
    private int _closed;

    /// <summary>Connects upstream and forwards both ways until either side ends, then closes both.</summary>
    /// <param name="waitWhilePaused">Awaited before each server-to-client write, so a pause stalls replies.</param>
    public async Task RunAsync(Func<CancellationToken, Task> waitWhilePaused, CancellationToken cancellationToken)
    {
        try
        {
            await _upstream.ConnectAsync(target, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Reset();
            return;
        }

        var toServer = PumpAsync(client, _upstream, _ => Task.CompletedTask, cancellationToken);
        var toClient = PumpAsync(_upstream, client, waitWhilePaused, cancellationToken);
        await Task.WhenAny(toServer, toClient);
        Close(abort: false);
        await Task.WhenAll(toServer, toClient);
    }

    /// <summary>Aborts both sides with RST (linger 0) instead of an orderly FIN.</summary>
    public void Reset() => Close(abort: true);

    private void Close(bool abort)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        foreach (var socket in new[] { client, _upstream })
        {
            if (abort)
            {
                socket.LingerState = new LingerOption(true, 0);
            }

            socket.Close();
        }
    }

    private static async Task PumpAsync(
        Socket from, Socket to, Func<CancellationToken, Task> beforeWrite, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                await beforeWrite(cancellationToken);
                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away or the proxy is shutting down; the connection ends either way.
        }
    }
}
