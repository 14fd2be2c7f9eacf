using System.Net.Sockets;

namespace RxRedis.Transport;

/// <summary>
/// TCP and Unix domain sockets, read and written on threads of the connection's own (<see cref="DedicatedIoPipe"/>),
/// so a starved thread pool cannot hold up replies.
/// </summary>
public sealed class SocketTransport : IRedisTransport
{
    /// <summary>The shared instance; it holds no state.</summary>
    public static SocketTransport Instance { get; } = new();

    /// <inheritdoc />
    public async ValueTask<IRedisDuplexPipe> ConnectAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = await OpenSocketAsync(endPoint, cancellationToken, blocking: true).ConfigureAwait(false);
        try
        {
            return new DedicatedIoPipe(new SocketDuplex(socket), endPoint.ToString());
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a connected socket to <paramref name="endPoint"/>; <see cref="TlsTransport"/> shares it. With
    /// <paramref name="blocking"/> it connects with a blocking call: once a .NET socket has run an asynchronous
    /// operation it only emulates blocking calls (each receive that waits allocates an operation and an event, and is
    /// woken through the socket engine's thread), while a socket that never did makes plain blocking system calls.
    /// </summary>
    internal static async ValueTask<Socket> OpenSocketAsync(RedisEndPoint endPoint, CancellationToken cancellationToken, bool blocking = false)
    {
        var address = endPoint.ToEndPoint();
        // Unix sockets need ProtocolType.Unspecified; TCP gets no-delay so small pipelined frames go out at once.
        var socket = endPoint.UnixSocketPath is not null
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (blocking)
            {
                await Task.Run(() => ConnectBlocking(socket, address, cancellationToken), CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // Cancelling (the connect timeout) closes the socket, which aborts the blocking connect.
    private static void ConnectBlocking(Socket socket, System.Net.EndPoint address, CancellationToken cancellationToken)
    {
        using var abort = cancellationToken.Register(static s => ((Socket)s!).Dispose(), socket);
        try
        {
            socket.Connect(address);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
