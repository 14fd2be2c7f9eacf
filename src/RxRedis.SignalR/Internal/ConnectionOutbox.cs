using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace RxRedis.SignalR.Internal;

/// <summary>
/// The messages waiting for one local connection, written by a pump of its own. Backplane messages are handed over
/// without waiting, so a connection whose client reads slowly (its transport applies back-pressure) holds back only
/// itself; when its buffer is full it is aborted instead of growing without bound.
/// </summary>
internal sealed class ConnectionOutbox
{
    private readonly HubConnectionContext _connection;
    private readonly Channel<SerializedHubMessage> _queue;
    private readonly ILogger _logger;

    public ConnectionOutbox(HubConnectionContext connection, int capacity, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        _queue = Channel.CreateBounded<SerializedHubMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _ = Task.Run(PumpAsync);
    }

    public void Enqueue(SerializedHubMessage message)
    {
        if (!_queue.Writer.TryWrite(message) && _queue.Writer.TryComplete())
        {
            BackplaneLog.ConnectionBufferFull(_logger, _connection.ConnectionId, _queue.Reader.Count);
            _connection.Abort();
        }
    }

    /// <summary>Stops taking messages; those already queued are still written (to a closed connection they are dropped).</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task PumpAsync()
    {
        await foreach (var message in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _connection.WriteAsync(message).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                BackplaneLog.WriteFailed(_logger, _connection.ConnectionId, ex);
            }
        }
    }
}
