using System.Threading.Channels;

namespace RxRedis.Connection;

internal sealed partial class PhysicalConnection
{
    // Flush at least this often while the channel keeps producing, so a long burst streams instead of buffering.
    private const long FlushThresholdBytes = 256 * 1024;

    /// <summary>
    /// Drains the channel: encodes every command available without waiting, appends each to the in-flight FIFO
    /// before the bytes can reach the server, and flushes when the channel runs dry. Many callers share one flush.
    /// Returns null when the channel completed (client disposing), else the failure that stopped it.
    /// </summary>
    private async Task<Exception?> WriteLoopAsync(ChannelReader<PendingCommand> commands)
    {
        var output = _pipe.Output;
        var writer = new DeferredAdvanceWriter(output);
        var token = _stop.Token;
        PendingCommand? current = null;
        try
        {
            // No token on the wait (see WriterWakeUp): Close cancels, then wakes a parked loop, which checks on either side.
            while (!token.IsCancellationRequested && await commands.WaitToReadAsync().ConfigureAwait(false))
            {
                token.ThrowIfCancellationRequested();
                while (commands.TryRead(out current))
                {
                    if (!current.TryBeginWrite())
                    {
                        current = null; // abandoned while queued: never sent, needs no slot
                        continue;
                    }
                    current.Write(writer);
                    writer.Commit();
                    Volatile.Write(ref _written, _written + 1);
                    _inFlight.Enqueue(current);
                    current = null;
                    if (output.UnflushedBytes >= FlushThresholdBytes && await FlushAsync(output, token).ConfigureAwait(false))
                    {
                        return Closed();
                    }
                }
                if (await FlushAsync(output, token).ConfigureAwait(false))
                {
                    return Closed();
                }
            }
            token.ThrowIfCancellationRequested();
            return null;
        }
        catch (Exception e)
        {
            var reason = e is OperationCanceledException
                ? new RedisConnectionException($"The connection to {_endPoint} was closed.", CommandOutcome.Unknown)
                : new RedisConnectionException($"Writing to {_endPoint} failed: {e.Message}", CommandOutcome.Unknown, e);
            // Taken from the channel but not in the FIFO: its bytes may be half-written, which is why the
            // connection dies with it; its outcome is unknown only if writing had begun.
            current?.OnFailure(current.IsWritten
                ? new RedisConnectionException(reason.Message, CommandOutcome.Unknown, e)
                : new RedisConnectionException($"{current.Name} was not sent: {reason.Message}", CommandOutcome.NotSent, e));
            return reason;
        }
    }

    private static async ValueTask<bool> FlushAsync(System.IO.Pipelines.PipeWriter output, CancellationToken token)
    {
        var result = await output.FlushAsync(token).ConfigureAwait(false);
        return result.IsCompleted || result.IsCanceled;
    }

    private RedisConnectionException Closed() =>
        new($"The connection to {_endPoint} was closed by the peer.", CommandOutcome.Unknown);
}
