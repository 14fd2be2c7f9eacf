using RxRedis.Protocol;

namespace RxRedis.Connection;

internal sealed partial class PhysicalConnection
{
    private int _replyIndex; // replies already given to the FIFO head (for entries that take several)
    private volatile bool _draining;
    private long _repliesRead;

    /// <summary>Replies read on this socket so far; the health check looks for it to move.</summary>
    public long RepliesRead => Volatile.Read(ref _repliesRead);

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
    /// Any malformed frame or a reply with no command waiting ends the connection: the stream can no longer be
    /// trusted to line up with the FIFO. Returns the reason it stopped.
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
                    input.AdvanceTo(buffer.Start, buffer.End);
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
        catch (UnmatchedReplyException e)
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
                throw new UnmatchedReplyException($"{_endPoint} sent a {reply.Type} reply with no command waiting; the connection was dropped.");
            }
            _head = head;
        }
        var index = _replyIndex++;
        Volatile.Write(ref _repliesRead, _repliesRead + 1);
        head.Observe(reply, index);
        if (head.IsAbandoned || !head.OnReply(reply, index))
        {
            // The slot was kept so this reply could not reach the next command; it is read and dropped.
            _onDropped?.Invoke();
        }
        // Read after Observe: an entry may learn from a reply that one more is coming (a refused SUBSCRIBE).
        if (_replyIndex >= head.ReplyCount)
        {
            _head = null;
            _replyIndex = 0;
            Volatile.Write(ref _answered, _answered + 1);
        }
    }

    private sealed class UnmatchedReplyException(string message) : Exception(message);
}
