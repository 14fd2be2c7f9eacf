using RxRedis.SignalR.Internal;

namespace RxRedis.SignalR;

// Group membership: a server subscribes to a group's channel while one of its connections is a member. A connection
// held elsewhere is changed by a command sent to its own channel; its server acks once the change is in effect.
public sealed partial class RxRedisHubLifetimeManager<THub>
{
    /// <inheritdoc />
    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        return _connections.TryGetValue(connectionId, out var local)
            ? JoinGroupAsync(local, groupName)
            : SendGroupCommandAsync(connectionId, groupName, add: true, cancellationToken);
    }

    /// <inheritdoc />
    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        if (_connections.TryGetValue(connectionId, out var local))
        {
            LeaveGroup(local, groupName);
            return Task.CompletedTask;
        }
        return SendGroupCommandAsync(connectionId, groupName, add: false, cancellationToken);
    }

    private Task JoinGroupAsync(LocalConnection connection, string groupName) =>
        connection.JoinGroup(groupName) ? _groups.AddAsync(_channels.Group(groupName), connection) : Task.CompletedTask;

    private void LeaveGroup(LocalConnection connection, string groupName)
    {
        if (connection.LeaveGroup(groupName))
        {
            _groups.Remove(_channels.Group(groupName), connection);
        }
    }

    private async Task SendGroupCommandAsync(string connectionId, string groupName, bool add, CancellationToken cancellationToken)
    {
        var (id, acked) = _acks.Create();
        try
        {
            var command = new GroupCommand(id, _serverName, add, groupName, connectionId);
            var receivers = await PublishAsync(_channels.Connection(connectionId), BackplaneProtocol.WriteGroupCommand(command), cancellationToken).ConfigureAwait(false);
            // No server holds the connection: like a local unknown connection, nothing to do and nothing to wait for.
            if (NobodyListens(receivers))
            {
                return;
            }
            await acked.WaitAsync(_options.AckTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                $"No server acknowledged {(add ? "adding" : "removing")} connection '{connectionId}' {(add ? "to" : "from")} group '{groupName}' within {_options.AckTimeout}.", ex);
        }
        finally
        {
            _acks.Forget(id);
        }
    }

    private async Task CarryOutAsync(LocalConnection connection, GroupCommand command)
    {
        try
        {
            if (command.Add)
            {
                await JoinGroupAsync(connection, command.GroupName).ConfigureAwait(false);
            }
            else
            {
                LeaveGroup(connection, command.GroupName);
            }
            await PublishAsync(_channels.Server(command.ServerName), BackplaneProtocol.WriteAck(command.Id), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            BackplaneLog.GroupCommandFailed(_logger, command.ServerName, command.ConnectionId, ex);
        }
    }
}
