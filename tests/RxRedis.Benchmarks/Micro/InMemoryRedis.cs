using System.Buffers;
using System.IO.Pipelines;
using RxRedis.Transport;

namespace RxRedis.Benchmarks.Micro;

/// <summary>
/// An in-memory transport whose far end is a tiny fake server: it answers the handshake's <c>HELLO</c> with a
/// RESP3 map and every other command with a canned reply. Its scanner allocates nothing, so allocation measured
/// around a command is the client's.
/// </summary>
internal sealed class InMemoryRedis : IRedisTransport
{
    private static readonly byte[] HelloReply = "%1\r\n$6\r\nserver\r\n$5\r\nredis\r\n"u8.ToArray();
    private readonly byte[] _reply;

    public InMemoryRedis(byte[] reply) => _reply = reply;

    public ValueTask<IRedisDuplexPipe> ConnectAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        var options = new PipeOptions(useSynchronizationContext: false);
        var toServer = new Pipe(options);
        var toClient = new Pipe(options);
        _ = Task.Run(() => ServeAsync(toServer.Reader, toClient.Writer), CancellationToken.None);
        return ValueTask.FromResult<IRedisDuplexPipe>(new DuplexPipe(toClient.Reader, toServer.Writer));
    }

    private async Task ServeAsync(PipeReader input, PipeWriter output)
    {
        var first = true;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync();
                var buffer = result.Buffer;
                var commands = CountCommands(ref buffer);
                input.AdvanceTo(buffer.Start, result.Buffer.End);
                for (var i = 0; i < commands; i++)
                {
                    output.Write(first ? HelloReply : _reply);
                    first = false;
                }
                if (commands > 0)
                {
                    await output.FlushAsync();
                }
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // The client tore the pipe down.
        }
        await output.CompleteAsync();
        await input.CompleteAsync();
    }

    // Counts whole commands (*N then N bulk strings) and slices them off.
    private static int CountCommands(ref ReadOnlySequence<byte> buffer)
    {
        var count = 0;
        var reader = new SequenceReader<byte>(buffer);
        while (TrySkipCommand(ref reader))
        {
            count++;
            buffer = buffer.Slice(reader.Position);
        }
        return count;
    }

    private static bool TrySkipCommand(ref SequenceReader<byte> reader)
    {
        if (!reader.TryRead(out var star) || star != (byte)'*' || !TryReadNumber(ref reader, out var parts))
        {
            return false;
        }
        for (var i = 0; i < parts; i++)
        {
            if (!reader.TryRead(out var dollar) || dollar != (byte)'$' || !TryReadNumber(ref reader, out var length)
                || reader.Remaining < length + 2)
            {
                return false;
            }
            reader.Advance(length + 2);
        }
        return true;
    }

    private static bool TryReadNumber(ref SequenceReader<byte> reader, out long value)
    {
        value = 0;
        while (reader.TryRead(out var b))
        {
            if (b == (byte)'\r')
            {
                return reader.TryRead(out var lf) && lf == (byte)'\n';
            }
            value = (value * 10) + (b - '0');
        }
        return false;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IRedisDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;

        public void Dispose()
        {
            input.Complete();
            output.Complete();
        }
    }
}
