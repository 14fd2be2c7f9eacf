using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using RxRedis.Protocol;
using RxRedis.Transport;

namespace RxRedis.Tests.Fakes;

/// <summary>
/// A scripted in-memory Redis for the faults a real server can't produce on demand: split frames, garbage, a
/// connection closed mid-reply, a reply nobody asked for. It is not a Redis: each received command goes to
/// <see cref="Handler"/>, which decides what bytes (if any) go back. The handshake is answered by default.
/// </summary>
internal sealed class FakeRedisServer : IRedisTransport
{
    private readonly ConcurrentQueue<FakeConnection> _connections = new();

    /// <summary>Called for every command after the handshake; the default answers PING (echoing its argument, as Redis does) and echoes GET's key.</summary>
    public Func<FakeConnection, string[], Task> Handler { get; set; } = DefaultHandler;

    /// <summary>What HELLO gets: by default a RESP3 server greeting.</summary>
    public Func<FakeConnection, string[], Task> HelloHandler { get; set; } = (c, _) => c.SendAsync(
        RespValue.Aggregate(RespType.Map, [
            RespValue.BulkString("server"u8.ToArray()), RespValue.BulkString("redis"u8.ToArray()),
            RespValue.BulkString("proto"u8.ToArray()), RespValue.Integer(3),
        ]));

    /// <summary>When set, new connections fail as if nothing listened.</summary>
    public bool Refuse { get; set; }

    public int ConnectionCount => _connections.Count;

    public IReadOnlyList<FakeConnection> Connections => [.. _connections];

    public ValueTask<IRedisDuplexPipe> ConnectAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        if (Refuse)
        {
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
        }
        var pipe = new InMemoryDuplexPipe();
        var connection = new FakeConnection(this, pipe);
        _connections.Enqueue(connection);
        connection.Start();
        return ValueTask.FromResult<IRedisDuplexPipe>(pipe);
    }

    /// <summary>The default answers: handlers that script only some commands fall back to it.</summary>
    public static Task DefaultHandler(FakeConnection connection, string[] command) => command[0].ToUpperInvariant() switch
    {
        "PING" when command.Length > 1 => connection.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(command[1]))),
        "PING" => connection.SendRawAsync("+PONG\r\n"),
        "GET" => connection.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(command[1]))),
        _ => connection.SendRawAsync("+OK\r\n"),
    };

    internal Task HandleAsync(FakeConnection connection, string[] command) =>
        command[0].Equals("HELLO", StringComparison.OrdinalIgnoreCase) ? HelloHandler(connection, command) : Handler(connection, command);
}

/// <summary>The server side of one fake connection.</summary>
internal sealed class FakeConnection
{
    private readonly FakeRedisServer _server;
    private readonly InMemoryDuplexPipe _pipe;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public FakeConnection(FakeRedisServer server, InMemoryDuplexPipe pipe)
    {
        _server = server;
        _pipe = pipe;
    }

    /// <summary>Every command received, in order, including the handshake.</summary>
    public ConcurrentQueue<string[]> Received { get; } = new();

    public bool IsClosedByClient => _pipe.IsDisposed;

    public void Start() => _ = Task.Run(ReadLoopAsync);

    public Task SendAsync(RespValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        RespWriter.WriteValue(buffer, value);
        return SendRawAsync(buffer.WrittenMemory.ToArray());
    }

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends bytes, flushing after every <paramref name="chunkSize"/> of them so the client reads them piecemeal.</summary>
    public async Task SendRawAsync(byte[] bytes, int chunkSize = int.MaxValue)
    {
        await _writeLock.WaitAsync();
        try
        {
            for (var offset = 0; offset < bytes.Length; offset += chunkSize)
            {
                var length = Math.Min(chunkSize, bytes.Length - offset);
                var result = await _pipe.ServerOutput.WriteAsync(bytes.AsMemory(offset, length));
                if (result.IsCompleted)
                {
                    return;
                }
                if (chunkSize != int.MaxValue)
                {
                    await Task.Yield();
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the server side, as a server crash or <c>CLIENT KILL</c> would.</summary>
    public void Close()
    {
        _pipe.ServerOutput.Complete();
        _pipe.ServerInput.CancelPendingRead();
    }

    private async Task ReadLoopAsync()
    {
        var reader = new RespReader();
        var input = _pipe.ServerInput;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync();
                var buffer = result.Buffer;
                while (reader.TryRead(buffer, out var frame, out var consumed))
                {
                    buffer = buffer.Slice(consumed);
                    var command = new string[frame.Count];
                    for (var i = 0; i < command.Length; i++)
                    {
                        command[i] = frame[i].AsString() ?? "";
                    }
                    Received.Enqueue(command);
                    await _server.HandleAsync(this, command);
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // The client completed the pipe under us: the connection is gone.
        }
    }
}
