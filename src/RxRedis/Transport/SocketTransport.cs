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
        var socket = await OpenSocketAsync(endPoint, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Opens a connected socket to <paramref name="endPoint"/>; <see cref="TlsTransport"/> shares it.</summary>
    internal static async ValueTask<Socket> OpenSocketAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        var address = endPoint.ToEndPoint();
        // Unix sockets need ProtocolType.Unspecified; TCP gets no-delay so small pipelined frames go out at once.
        var socket = endPoint.UnixSocketPath is not null
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
