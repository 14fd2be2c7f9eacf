using RxRedis.Protocol;

namespace RxRedis.Connection;

internal sealed partial class PhysicalConnection
{
    private int _replyIndex; // replies already given to the FIFO head (for entries that take several)
    private long _unfinishedBytes; // of a reply whose frame has not fully arrived (reader loop writes)
    private long _lastReceive;     // the clock's UtcTicks at the last read that left part of a frame (reader loop writes)
    private readonly System.Reactive.Concurrency.IScheduler _clock; // the options' scheduler, so stall checks run in virtual time too
    private int _stallWatched;     // 1 while a StalledReplyWatch is armed on this socket

    /// <summary>Bytes the reader holds of a reply whose frame has not fully arrived (0 between frames).</summary>
    public long UnfinishedBytes => Volatile.Read(ref _unfinishedBytes);

    /// <summary>
    /// While <see cref="UnfinishedBytes"/> is not 0: when the reader last took bytes from the socket, in
    /// <see cref="DateTimeOffset.UtcTicks"/> of the options' scheduler.
    /// </summary>
    public long LastReceive => Volatile.Read(ref _lastReceive);

    /// <summary>Marks a stall watch armed; false when one is already.</summary>
    public bool TryWatchStall() => Interlocked.CompareExchange(ref _stallWatched, 1, 0) == 0;

    /// <summary>The armed stall watch ended (the socket is between frames again, or closed).</summary>
    public void StallWatchEnded() => Volatile.Write(ref _stallWatched, 0);
    private volatile bool _draining;

    /// <summary>No more commands will be written: the reader stops once the FIFO is empty.</summary>
    private void BeginDrain()
    {
        _draining = true;
        if (NothingInFlight)
        {
            _pipe.Input.CancelPendingRead();
        }
    }

    /// <summary>
    /// Parses replies and completes in-flight commands strictly in FIFO order; RESP3 pushes go to the push handler.
    /// Any malformed frame, a reply with no command waiting, or a failed in-step check (see <see cref="InStepGuard"/>)
    /// ends the connection: the stream can no longer be trusted to line up with the FIFO. Returns the reason it stopped.
    /// </summary>
    private async Task<Exception?> ReadLoopAsync()
    {
        var input = _pipe.Input;
        var token = _stop.Token;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                // Every delivery of this read goes to the pool in one work item (issue 17).
                DeliveryBatch.Begin();
                try
                {
                    while (_reader.TryRead(buffer, out var reply, out var consumed))
                    {
                        buffer = buffer.Slice(consumed);
                        Dispatch(reply);
                    }
                }
                finally
                {
                    DeliveryBatch.End();
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                // What StalledReplyWatch reads: bytes of a frame not complete yet, and when bytes last arrived. The
                // watch reads the time only while a frame is unfinished, so a read that ends between frames skips the clock.
                Volatile.Write(ref _unfinishedBytes, buffer.Length);
                if (buffer.Length > 0)
                {
                    Volatile.Write(ref _lastReceive, _clock.Now.UtcTicks);
                }
                if (_resend.HasPending)
                {
                    _resend.Poke(this); // the replies it waited for may all be in
                }
                if (_draining && NothingInFlight)
                {
                    return null;
                }
                if (result.IsCompleted || result.IsCanceled)
                {
                    return buffer.IsEmpty
                        ? Closed()
                        : new RedisConnectionException($"The connection to {_endPoint} closed in the middle of a reply.", CommandOutcome.Unknown);
                }
            }
        }
        catch (RespProtocolException e)
        {
            return new RedisConnectionException($"{_endPoint} sent a malformed reply; the connection was dropped: {e.Message}", CommandOutcome.Unknown, e);
        }
        catch (OutOfStepException e)
        {
            return new RedisConnectionException(e.Message, CommandOutcome.Unknown, e);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception e)
        {
            return new RedisConnectionException($"Reading from {_endPoint} failed: {e.Message}", CommandOutcome.Unknown, e);
        }
    }

    private void Dispatch(in RespValue reply)
    {
        if (reply.Type == RespType.Push || (_isOutOfBand is { } isOutOfBand && isOutOfBand(reply)))
        {
            // Out-of-band (pub/sub, invalidations): never an answer to a command, so never touches the FIFO.
            _onPush?.Invoke(reply);
            return;
        }
        var head = _head;
        if (head is null)
        {
            if (!_inFlight.TryDequeue(out head))
            {
                throw new OutOfStepException($"{_endPoint} sent a {reply.Type} reply with no command waiting; the connection was dropped.");
            }
            _head = head;
        }
        var index = _replyIndex++;
        head.Observe(reply, index);
        if (head is StepCheck check)
        {
            if (!check.Matches(reply))
            {
                throw new OutOfStepException(
                    $"{_endPoint} answered an in-step check with a {reply.Type} instead of its token: a reply was lost or added, so the replies no longer line up with the commands; the connection was dropped.");
            }
            var held = _guard.Passed(check);
            foreach (var (entry, heldReply, heldIndex) in held)
            {
                Deliver(entry, heldReply, heldIndex);
            }
            held.Clear();
            check.OnReply(reply, index);
        }
        else if (_guard.IsToken(reply))
        {
            throw new OutOfStepException(
                $"{_endPoint} sent an in-step check's token as the reply to {head.Name}: a reply was lost, so the replies no longer line up with the commands; the connection was dropped.");
        }
        else if (_guard.Holding)
        {
            _guard.Hold(head, reply, index);
        }
        else
        {
            Deliver(head, reply, index);
        }
        // Read after Observe: an entry may learn from a reply that one more is coming (a refused SUBSCRIBE).
        if (_replyIndex >= head.ReplyCount)
        {
            _head = null;
            _replyIndex = 0;
            Volatile.Write(ref _answered, _answered + 1);
        }
    }

    private void Deliver(PendingCommand entry, in RespValue reply, int index)
    {
        if (entry.IsAbandoned || !entry.OnReply(reply, index))
        {
            // The slot was kept so this reply could not reach the next command; it is read and dropped.
            _onDropped?.Invoke();
        }
    }

    // The stream cannot be trusted to line up with the FIFO any more.
    private sealed class OutOfStepException(string message) : Exception(message);
}
