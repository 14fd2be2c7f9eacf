using System.IO.Pipelines;
using System.Net.Sockets;
using Pipelines.Sockets.Unofficial;

namespace RxRedis.Transport;

/// <summary>TCP and Unix domain sockets through Pipelines.Sockets.Unofficial's <see cref="SocketConnection"/>.</summary>
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
            return new SocketPipe(SocketConnection.Create(socket, PipeSide(), PipeSide()));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // As PipeOptions.Default, but the continuations of each pipe side (the socket loops' completions, the reader loop,
    // the send loop) reuse their work item instead of allocating one per wake-up.
    private static PipeOptions PipeSide() =>
        new(readerScheduler: new ReusingThreadPoolScheduler(), writerScheduler: new ReusingThreadPoolScheduler(), useSynchronizationContext: false);

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

    private sealed class SocketPipe(SocketConnection connection) : IRedisDuplexPipe
    {
        public PipeReader Input => connection.Input;

        public PipeWriter Output => connection.Output;

        public void Dispose() => connection.Dispose();
    }
}
