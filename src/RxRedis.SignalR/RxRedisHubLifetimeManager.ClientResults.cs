using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using RxRedis.SignalR.Internal;

namespace RxRedis.SignalR;

// Client results (hub methods that await a client's return value): the server holding the connection reads the
// client's result raw and forwards it, in the client's protocol, to the inbox of the server that asked.
public sealed partial class RxRedisHubLifetimeManager<THub>
{
    /// <inheritdoc />
    /// <exception cref="IOException">No server holds the connection.</exception>
    /// <exception cref="HubException">The client returned an error, or disconnected before returning.</exception>
    public override async Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(methodName);
        var invocationId = $"{_serverName}.{Interlocked.Increment(ref _lastInvocationId)}";
        var result = _results.AddCaller<T>(invocationId, connectionId, cancellationToken);
        try
        {
            var message = new InvocationMessage(invocationId, methodName, args);
            if (_connections.TryGetValue(connectionId, out var local))
            {
                local.Outbox.Enqueue(new SerializedHubMessage(message));
            }
            else
            {
                var payload = _protocol.WriteInvocation(message, invocationId: invocationId, returnServer: _serverName);
                var receivers = await PublishAsync(_channels.Connection(connectionId), payload, cancellationToken).ConfigureAwait(false);
                if (NobodyListens(receivers))
                {
                    throw new IOException($"Connection '{connectionId}' does not exist.");
                }
            }
        }
        catch
        {
            _results.Remove(invocationId);
            throw;
        }
        return await result.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(result);
        _results.TryComplete(connectionId, result);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type)
    {
        var found = _results.TryGetReturnType(invocationId, out var returnType);
        type = found ? returnType : null;
        return found;
    }

    private void ForwardResult(LocalConnection connection, string returnServer, CompletionMessage completion)
    {
        var payload = BackplaneProtocol.WriteCompletion(connection.Context.Protocol, completion);
        PublishAsync(_channels.Server(returnServer), payload, CancellationToken.None).ContinueWith(
            t => BackplaneLog.ResultForwardFailed(_logger, completion.InvocationId ?? "", returnServer, t.Exception!),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
