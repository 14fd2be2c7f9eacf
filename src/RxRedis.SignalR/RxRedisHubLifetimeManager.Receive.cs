using Microsoft.AspNetCore.SignalR.Protocol;
using RxRedis.SignalR.Internal;

namespace RxRedis.SignalR;

// What arrives from Redis: each handler runs on the thread pool, never concurrently for one channel, and never waits
// for a connection's client (messages go to the connections' outboxes).
public sealed partial class RxRedisHubLifetimeManager<THub>
{
    private BackplaneSubscription ListenToMembers(string channel, Func<LocalConnection[]> members) =>
        new(Volatile.Read(ref _client)!, channel, payload => Deliver(payload, members()), _logger);

    private void OnAllMessage(byte[] payload) => Deliver(payload, _connections.Values);

    private static void Deliver(byte[] payload, IEnumerable<LocalConnection> connections)
    {
        var invocation = ReadInvocation(payload);
        foreach (var connection in connections)
        {
            if (!invocation.Excludes(connection.ConnectionId))
            {
                connection.Outbox.Enqueue(invocation.Message);
            }
        }
    }

    private void OnConnectionMessage(LocalConnection connection, byte[] payload)
    {
        var (kind, fields) = BackplaneProtocol.Open(payload);
        switch (kind)
        {
            case BackplaneMessageKind.Invocation:
                var invocation = BackplaneProtocol.ReadInvocation(fields);
                if (invocation is { InvocationId: { } invocationId, ReturnServer: { } returnServer })
                {
                    _results.AddProxy(invocationId, connection.ConnectionId, completion => ForwardResult(connection, returnServer, completion));
                }
                connection.Outbox.Enqueue(invocation.Message);
                break;
            case BackplaneMessageKind.GroupCommand:
                _ = CarryOutAsync(connection, BackplaneProtocol.ReadGroupCommand(fields));
                break;
            default:
                throw new InvalidDataException($"A {kind} message arrived on a connection channel.");
        }
    }

    private void OnServerMessage(byte[] payload)
    {
        var (kind, fields) = BackplaneProtocol.Open(payload);
        switch (kind)
        {
            case BackplaneMessageKind.Ack:
                _acks.Acknowledge(BackplaneProtocol.ReadAck(fields));
                break;
            case BackplaneMessageKind.Completion:
                var (protocolName, bytes) = BackplaneProtocol.ReadCompletion(fields);
                var protocol = _protocol.Protocols.FirstOrDefault(p => p.Name == protocolName)
                    ?? throw new InvalidDataException($"A result arrived in protocol '{protocolName}', which this server's hub does not support.");
                var sequence = new System.Buffers.ReadOnlySequence<byte>(bytes);
                if (!protocol.TryParseMessage(ref sequence, _binder, out var message) || message is not CompletionMessage completion)
                {
                    throw new InvalidDataException($"A result in protocol '{protocolName}' is not a completion message.");
                }
                _results.TryComplete(connectionId: null, completion);
                break;
            default:
                throw new InvalidDataException($"A {kind} message arrived on a server's channel.");
        }
    }

    private static BackplaneInvocation ReadInvocation(byte[] payload)
    {
        var (kind, fields) = BackplaneProtocol.Open(payload);
        return kind == BackplaneMessageKind.Invocation
            ? BackplaneProtocol.ReadInvocation(fields)
            : throw new InvalidDataException($"A {kind} message arrived where invocations are sent.");
    }
}
