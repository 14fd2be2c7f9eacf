using System.IO.Pipelines;

namespace RxRedis.Transport;

/// <summary>
/// A duplex pipe whose I/O never waits for a thread-pool thread (issue 17). A receive thread of its own blocks in
/// <see cref="IBlockingDuplex.Receive"/> and writes into <see cref="Input"/>; once <see cref="ReadInline"/> is called
/// (after the handshake) the pipe's reader runs inline on that thread, so the connection's reader loop parses a read
/// on the thread that received it. Sends run inline in the writer's <c>FlushAsync</c> on the writer's thread.
/// Before <see cref="ReadInline"/>, the reader's continuations go to the pool, so the handshake (and whatever its
/// caller awaits after it) never runs on the receive thread.
/// </summary>
internal sealed class DedicatedIoPipe : IRedisDuplexPipe, IDedicatedIo
{
    // Large reads keep bulk replies from being parsed in many small segments.
    private const int ReceiveBufferSize = 64 * 1024;

    private readonly IBlockingDuplex _io;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly HandshakeThenInlineScheduler _readerScheduler = new();
    private int _disposed;

    public DedicatedIoPipe(IBlockingDuplex io, string name)
    {
        _io = io;
        // No pause thresholds: the input's reader consumes each read before the next receive (it runs inline), and
        // the output's reader sends all of a flush before FlushAsync returns.
        _input = new Pipe(new PipeOptions(
            readerScheduler: _readerScheduler, writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 0, minimumSegmentSize: ReceiveBufferSize, useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(
            readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 0, useSynchronizationContext: false));
        _ = SendLoopAsync(); // parks on the first ReadAsync; every later step runs inside a FlushAsync
        new Thread(ReceiveLoop) { IsBackground = true, Name = $"RxRedis receive {name}" }.UnsafeStart();
    }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    /// <inheritdoc />
    public void ReadInline() => _readerScheduler.GoInline();

    /// <inheritdoc />
    public int Unread => _io.Unread;

    private void ReceiveLoop()
    {
        var writer = _input.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(ReceiveBufferSize);
                var received = _io.Receive(memory.Span);
                if (received == 0)
                {
                    break;
                }
                writer.Advance(received);
                // Runs the reader loop inline (after ReadInline) until it waits for more bytes.
                var flush = writer.FlushAsync();
                if (!flush.IsCompleted)
                {
                    flush.AsTask().GetAwaiter().GetResult(); // only before ReadInline, with a reader on the pool
                }
                else if (flush.Result.IsCompleted)
                {
                    break; // the reader is done
                }
            }
        }
        catch (Exception e)
        {
            error = Volatile.Read(ref _disposed) != 0 ? null : e;
        }
        writer.Complete(error);
    }

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    _io.Send(segment.Span);
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
            await reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The writer's next flush reports the pipe completed, which ends the connection.
            await reader.CompleteAsync(e).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _io.Dispose();
            _output.Writer.Complete();
        }
    }

    /// <summary>The pool (reusing its work item) until <see cref="GoInline"/>, then inline on the completing thread.</summary>
    private sealed class HandshakeThenInlineScheduler : PipeScheduler
    {
        private readonly ReusingThreadPoolScheduler _pool = new();
        private volatile bool _inline;

        public void GoInline() => _inline = true;

        public override void Schedule(Action<object?> action, object? state)
        {
            if (_inline)
            {
                action(state);
            }
            else
            {
                _pool.Schedule(action, state);
            }
        }
    }
}
