using System.IO.Pipelines;
using System.Threading.Channels;

namespace RxRedis.Connection;

internal sealed partial class PhysicalConnection
{
    // Flush at least this often while the channel keeps producing, so a long burst streams instead of buffering.
    private const long FlushThresholdBytes = 256 * 1024;

    private int _sinceCheck; // entries written since the last in-step check (writer loop only)

    /// <summary>
    /// Drains the channel: encodes every command available without waiting, appends each to the in-flight FIFO
    /// before the bytes can reach the server, and flushes when the channel runs dry. Many callers share one flush.
    /// The owner's resend block (see <see cref="ResendQueue"/>) goes first: while it waits, nothing newer is taken.
    /// With <see cref="RedisOptions.HighIntegrity"/> each flushed batch ends with an in-step check.
    /// Returns null when the channel completed (client disposing), else the failure that stopped it.
    /// It runs on a thread of its own and blocks where it would await, so it never waits for a pool thread (issue 17).
    /// </summary>
    private RedisConnectionException? WriteLoop(ChannelReader<PendingCommand> commands)
    {
        var output = _pipe.Output;
        var writer = new DeferredAdvanceWriter(output);
        var token = _stop.Token;
        using var wait = new ThreadWaiter();
        try
        {
            while (true)
            {
                token.ThrowIfCancellationRequested();
                if (_resend.HasPending)
                {
                    // The block may wait for replies to what this socket already wrote, so that goes out first.
                    if (EndBatch(output, writer, wait, token))
                    {
                        return Closed();
                    }
                    var block = wait.Wait(_resend.TakeWhenReleasedAsync(this, token));
                    foreach (var entry in block)
                    {
                        WriteEntry(entry, writer);
                    }
                    if (block.Length != 0)
                    {
                        _resend.BarrierAfterBlock(this);
                    }
                    continue;
                }
                if (commands.TryRead(out var next))
                {
                    WriteEntry(next, writer);
                    if (output.UnflushedBytes >= FlushThresholdBytes && EndBatch(output, writer, wait, token))
                    {
                        return Closed();
                    }
                    continue;
                }
                if (EndBatch(output, writer, wait, token))
                {
                    return Closed();
                }
                // No token on the wait (see WriterWakeUp): Close cancels, then wakes a parked loop, which checks on either side.
                if (!wait.Wait(commands.WaitToReadAsync()))
                {
                    token.ThrowIfCancellationRequested();
                    return null;
                }
            }
        }
        catch (Exception e)
        {
            // An entry taken but not in the FIFO may be half-written, which is why the connection dies with it;
            // FailInFlight fails it after the FIFO, being newer than all of it.
            return e is OperationCanceledException
                ? new RedisConnectionException($"The connection to {_endPoint} was closed.", CommandOutcome.Unknown)
                : new RedisConnectionException($"Writing to {_endPoint} failed: {e.Message}", CommandOutcome.Unknown, e);
        }
    }

    private void WriteEntry(PendingCommand entry, DeferredAdvanceWriter writer)
    {
        if (!entry.TryBeginWrite())
        {
            return; // abandoned while queued: never sent, needs no slot
        }
        _halfWritten = entry;
        entry.Write(writer);
        writer.Commit();
        Volatile.Write(ref _written, _written + 1);
        _inFlight.Enqueue(entry);
        _halfWritten = null;
        _sinceCheck++;
    }

    // Ends a batch: with HighIntegrity a check vouches for what it holds; then everything goes to the socket.
    private bool EndBatch(PipeWriter output, DeferredAdvanceWriter writer, ThreadWaiter wait, CancellationToken token)
    {
        if (_guard.EveryBatch && _sinceCheck > 0)
        {
            WriteEntry(NewCheck(StepCheck.AfterBatch), writer);
        }
        _sinceCheck = 0;
        if (output.UnflushedBytes == 0)
        {
            return false;
        }
        // With a dedicated-I/O transport the send runs inside this flush, on this thread.
        var result = wait.Wait(output.FlushAsync(token));
        return result.IsCompleted || result.IsCanceled;
    }

    private RedisConnectionException Closed() =>
        new($"The connection to {_endPoint} was closed by the peer.", CommandOutcome.Unknown);
}
