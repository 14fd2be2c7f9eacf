using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace RxRedis.SignalR.Internal;

/// <summary>
/// Client-result invocations waiting for their completion, by invocation id. An entry is either the caller's own
/// (this server awaits the typed result) or a proxy (this server holds the connection and forwards the client's raw
/// result to the server that asked).
/// </summary>
internal sealed class ClientResults
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>Registers an invocation this server's caller awaits; cancelling <paramref name="cancellationToken"/> abandons it.</summary>
    public Task<T> AddCaller<T>(string invocationId, string connectionId, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[invocationId] = new Pending(connectionId, typeof(T), completion =>
        {
            if (completion.Error is { } error)
            {
                result.TrySetException(new HubException(error));
            }
            else
            {
                result.TrySetResult(completion.Result is T value ? value : default!);
            }
        });
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                if (_pending.TryRemove(invocationId, out _))
                {
                    result.TrySetCanceled(cancellationToken);
                }
            });
            result.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }
        return result.Task;
    }

    /// <summary>Registers an invocation another server awaits; the client's result is read raw and handed to <paramref name="forward"/>.</summary>
    public void AddProxy(string invocationId, string connectionId, Action<CompletionMessage> forward) =>
        _pending[invocationId] = new Pending(connectionId, typeof(RawResult), forward);

    public void Remove(string invocationId) => _pending.TryRemove(invocationId, out _);

    public bool TryGetReturnType(string invocationId, out Type type)
    {
        var found = _pending.TryGetValue(invocationId, out var pending);
        type = found ? pending!.ResultType : typeof(object);
        return found;
    }

    /// <summary>Completes an invocation of <paramref name="connectionId"/> (a connection cannot complete another's).</summary>
    public bool TryComplete(string? connectionId, CompletionMessage completion)
    {
        if (completion.InvocationId is not { } id || !_pending.TryGetValue(id, out var pending) ||
            (connectionId is not null && pending.ConnectionId != connectionId) || !_pending.TryRemove(id, out _))
        {
            return false;
        }
        pending.Complete(completion);
        return true;
    }

    /// <summary>Fails every invocation waiting for <paramref name="connectionId"/>, which has gone.</summary>
    public void FailConnection(string connectionId)
    {
        foreach (var (id, pending) in _pending)
        {
            if (pending.ConnectionId == connectionId && _pending.TryRemove(id, out _))
            {
                pending.Complete(CompletionMessage.WithError(id, $"Connection '{connectionId}' disconnected."));
            }
        }
    }

    private sealed record Pending(string ConnectionId, Type ResultType, Action<CompletionMessage> Complete);
}
