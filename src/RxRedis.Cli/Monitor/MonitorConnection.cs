using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using RxRedis.Protocol;

namespace RxRedis.Cli.Monitor;

/// <summary>
/// A bare RESP connection for <c>MONITOR</c>, written with the library's <see cref="RespWriter"/> and
/// <see cref="RespReader"/> over a plain socket.
/// </summary>
/// <remarks>
/// MONITOR cannot go through <see cref="RedisClient"/>: after it, the server sends one simple-string reply per
/// command any client runs, forever, in answer to a single request. The client's connections match replies to
/// requests one to one in FIFO order, so that stream would be taken as replies to later commands (the shared
/// connection refuses MONITOR for this reason, by design). A connection that does nothing else needs no
/// multiplexing, no reconnects and no retries: one write path and one read loop are all there is to it.
/// </remarks>
internal sealed class MonitorConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly RespReader _reader = new();
    private readonly Queue<RespValue> _received = new();

    private MonitorConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream);
    }

    /// <summary>Connects to the server <paramref name="options"/> names (TCP or Unix socket; not TLS).</summary>
    /// <exception cref="ArgumentException">The options ask for TLS.</exception>
    public static async Task<MonitorConnection> ConnectAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        if (options.Tls.Enabled)
        {
            throw new ArgumentException("monitor connects over plain TCP or a Unix socket only; TLS (rediss://) is not supported.");
        }
        var endPoint = options.EndPoint;
        var socket = endPoint.UnixSocketPath is not null
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(options.ConnectTimeout);
            if (endPoint.UnixSocketPath is not null)
            {
                await socket.ConnectAsync(endPoint.ToEndPoint(), connectTimeout.Token).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(endPoint.Host!, endPoint.Port, connectTimeout.Token).ConfigureAwait(false);
            }
            return new MonitorConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command.</summary>
    public async Task SendAsync(string[] parts, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        RespWriter.WriteCommand(buffer, parts);
        await _stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next reply.</summary>
    /// <exception cref="RedisConnectionException">The server closed the connection.</exception>
    public async Task<RespValue> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (_received.Count == 0)
        {
            var read = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            while (_reader.TryRead(buffer, out var value, out var consumed))
            {
                _received.Enqueue(value);
                buffer = buffer.Slice(consumed);
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted && _received.Count == 0)
            {
                throw new RedisConnectionException("The server closed the connection.", CommandOutcome.Unknown);
            }
        }
        return _received.Dequeue();
    }

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
