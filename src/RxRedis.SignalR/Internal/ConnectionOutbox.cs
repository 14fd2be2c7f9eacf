using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace RxRedis.SignalR.Internal;

/// <summary>
/// The messages waiting for one local connection. A message is written at once while the connection's writes complete
/// without waiting, as they do for a client that keeps up; once a write waits (the client reads slowly and its
/// transport applies back-pressure), later messages queue behind it and are written, in order, when it completes.
/// So a slow client holds back only itself, and when its queue is full it is aborted instead of growing without bound.
/// </summary>
internal sealed class ConnectionOutbox(HubConnectionContext connection, int capacity, ILogger logger)
{
    private readonly Queue<SerializedHubMessage> _waiting = new();
    private bool _writing;
    private bool _closed;

    public void Enqueue(SerializedHubMessage message)
    {
        int overflowed;
        lock (_waiting)
        {
            if (_closed)
            {
                return;
            }
            if (!_writing)
            {
                _writing = true;
                overflowed = -1;
            }
            else if (_waiting.Count < capacity)
            {
                _waiting.Enqueue(message);
                return;
            }
            else
            {
                overflowed = _waiting.Count;
                Close();
            }
        }
        if (overflowed >= 0)
        {
            BackplaneLog.ConnectionBufferFull(logger, connection.ConnectionId, overflowed);
            connection.Abort();
            return;
        }
        WriteFrom(message);
    }

    /// <summary>Stops taking messages and drops those waiting: the connection has gone.</summary>
    public void Complete()
    {
        lock (_waiting)
        {
            Close();
        }
    }

    private void Close()
    {
        _closed = true;
        _waiting.Clear();
    }

    /// <summary>Writes <paramref name="message"/> and those queued behind it, inline while the writes complete at once.</summary>
    private void WriteFrom(SerializedHubMessage message)
    {
        do
        {
            ValueTask write;
            try
            {
                write = connection.WriteAsync(message);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                write = ValueTask.FromException(ex);
            }
            if (!write.IsCompleted)
            {
                _ = FinishThenContinueAsync(write);
                return;
            }
            Observe(write);
        }
        while (TryTakeNext(out message));
    }

    private async Task FinishThenContinueAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            BackplaneLog.WriteFailed(logger, connection.ConnectionId, ex);
        }
        if (TryTakeNext(out var next))
        {
            WriteFrom(next);
        }
    }

    private void Observe(ValueTask completed)
    {
        try
        {
            completed.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            BackplaneLog.WriteFailed(logger, connection.ConnectionId, ex);
        }
    }

    /// <summary>The next queued message, or false (and no write in progress any more) if there is none.</summary>
    private bool TryTakeNext(out SerializedHubMessage message)
    {
        lock (_waiting)
        {
            if (!_closed && _waiting.TryDequeue(out message!))
            {
                return true;
            }
            _writing = false;
            message = null!;
            return false;
        }
    }
}
