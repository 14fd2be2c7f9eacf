using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RxRedis.SignalR.Internal;

namespace RxRedis.SignalR;

/// <summary>
/// A SignalR <see cref="HubLifetimeManager{THub}"/> that scales a hub out over several servers through Redis pub/sub,
/// as <c>Microsoft.AspNetCore.SignalR.StackExchangeRedis</c> does, on RxRedis: sends to all, groups, users and
/// connections, group membership across servers with acknowledgements, and client results across servers. Each
/// server subscribes only to what its connections need; RxRedis restores the subscriptions after a reconnect.
/// Delivery is at most once: a message published while a server's Redis connection is down is lost for it. Servers
/// need sticky sessions, as with any SignalR backplane. Register it with <c>AddSignalR().AddRxRedis(...)</c>.
/// </summary>
/// <typeparam name="THub">The hub whose connections it manages.</typeparam>
public sealed partial class RxRedisHubLifetimeManager<THub> : HubLifetimeManager<THub>, IAsyncDisposable, IDisposable
    where THub : Hub
{
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);
    private readonly ChannelMembers _groups;
    private readonly ChannelMembers _users;
    private readonly PendingAcks _acks = new();
    private readonly ClientResults _results = new();
    private readonly ResultBinder _binder;
    private readonly BackplaneChannels _channels;
    private readonly BackplaneProtocol _protocol;
    private readonly RxRedisBackplaneOptions _options;
    private readonly ILogger _logger;
    private readonly string _serverName = $"{Environment.MachineName}_{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly List<IDisposable> _serverSubscriptions = [];
    private RedisClient? _client;
    private long _lastInvocationId;
    private bool _disposed;

    /// <summary>Creates the manager; the host's container calls this once per hub.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public RxRedisHubLifetimeManager(
        ILogger<RxRedisHubLifetimeManager<THub>> logger,
        IOptions<RxRedisBackplaneOptions> options,
        IHubProtocolResolver hubProtocolResolver,
        IOptions<HubOptions> globalHubOptions,
        IOptions<HubOptions<THub>> hubOptions)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hubProtocolResolver);
        ArgumentNullException.ThrowIfNull(globalHubOptions);
        ArgumentNullException.ThrowIfNull(hubOptions);
        _options = options.Value;
        _options.Validate();
        _logger = logger;
        _channels = new BackplaneChannels(_options.ChannelPrefix, typeof(THub).FullName ?? typeof(THub).Name);
        // Serialize for the protocols this hub accepts, as the hub's own connections will ask for one of them.
        var supported = hubOptions.Value.SupportedProtocols ?? globalHubOptions.Value.SupportedProtocols;
        _protocol = new BackplaneProtocol(supported is null
            ? hubProtocolResolver.AllProtocols
            : [.. hubProtocolResolver.AllProtocols.Where(p => supported.Contains(p.Name, StringComparer.OrdinalIgnoreCase))]);
        _binder = new ResultBinder(_results);
        _groups = new ChannelMembers((channel, members) => ListenToMembers(channel, members));
        _users = new ChannelMembers((channel, members) => ListenToMembers(channel, members));
        // Connect at once, as Microsoft's backplane does; a failure is logged and the first connection tries again.
        StartAsync(CancellationToken.None).ContinueWith(
            t => BackplaneLog.StartFailed(_logger, _serverName, t.Exception!),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <inheritdoc />
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = await StartAsync(connection.ConnectionAborted).ConfigureAwait(false);
        var local = new LocalConnection(connection, new ConnectionOutbox(connection, _options.ConnectionBufferCapacity, _logger));
        _connections[connection.ConnectionId] = local;
        var own = new BackplaneSubscription(client, _channels.Connection(connection.ConnectionId), payload => OnConnectionMessage(local, payload), _logger);
        local.ChannelSubscription = own;
        var user = string.IsNullOrEmpty(connection.UserIdentifier)
            ? Task.CompletedTask
            : _users.AddAsync(_channels.User(connection.UserIdentifier), local);
        // Reachable from every server before the hub's OnConnectedAsync runs.
        await Task.WhenAll(own.Ready, user).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!_connections.TryRemove(connection.ConnectionId, out var local))
        {
            return Task.CompletedTask;
        }
        local.Outbox.Complete();
        local.ChannelSubscription?.Dispose();
        foreach (var group in local.Groups())
        {
            LeaveGroup(local, group);
        }
        if (!string.IsNullOrEmpty(connection.UserIdentifier))
        {
            _users.Remove(_channels.User(connection.UserIdentifier), local);
        }
        _results.FailConnection(connection.ConnectionId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        PublishAsync(_channels.All, _protocol.WriteInvocation(new InvocationMessage(methodName, args)), cancellationToken);

    /// <inheritdoc />
    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        PublishAsync(_channels.All, _protocol.WriteInvocation(new InvocationMessage(methodName, args), excludedConnectionIds), cancellationToken);

    /// <inheritdoc />
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        var message = new InvocationMessage(methodName, args);
        // A local connection is written directly: sessions are sticky, so no other server holds it.
        if (_connections.TryGetValue(connectionId, out var local))
        {
            local.Outbox.Enqueue(new SerializedHubMessage(message));
            return Task.CompletedTask;
        }
        return PublishAsync(_channels.Connection(connectionId), _protocol.WriteInvocation(message), cancellationToken);
    }

    /// <inheritdoc />
    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        var payload = _protocol.WriteInvocation(new InvocationMessage(methodName, args));
        return Task.WhenAll(connectionIds.Select(id => PublishAsync(_channels.Connection(id), payload, cancellationToken)));
    }

    /// <inheritdoc />
    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        return PublishAsync(_channels.Group(groupName), _protocol.WriteInvocation(new InvocationMessage(methodName, args)), cancellationToken);
    }

    /// <inheritdoc />
    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        return PublishAsync(_channels.Group(groupName), _protocol.WriteInvocation(new InvocationMessage(methodName, args), excludedConnectionIds), cancellationToken);
    }

    /// <inheritdoc />
    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        var payload = _protocol.WriteInvocation(new InvocationMessage(methodName, args));
        return Task.WhenAll(groupNames.Where(g => !string.IsNullOrEmpty(g)).Select(g => PublishAsync(_channels.Group(g), payload, cancellationToken)));
    }

    /// <inheritdoc />
    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return PublishAsync(_channels.User(userId), _protocol.WriteInvocation(new InvocationMessage(methodName, args)), cancellationToken);
    }

    /// <inheritdoc />
    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var payload = _protocol.WriteInvocation(new InvocationMessage(methodName, args));
        return Task.WhenAll(userIds.Where(u => !string.IsNullOrEmpty(u)).Select(u => PublishAsync(_channels.User(u), payload, cancellationToken)));
    }

    /// <summary>Unsubscribes everything and closes the backplane's Redis client.</summary>
    public async ValueTask DisposeAsync()
    {
        RedisClient? client;
        await _startGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            client = _client;
            _serverSubscriptions.ForEach(s => s.Dispose());
        }
        finally
        {
            _startGate.Release();
        }
        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>, for containers disposed synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Connects and subscribes to the hub's and this server's channels, once; a failed start is not remembered, so the
    /// next connection tries again.
    /// </summary>
    private async Task<RedisClient> StartAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } started)
        {
            return started;
        }
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_client is not null)
            {
                return _client;
            }
            BackplaneLog.Connecting(_logger, _serverName, _options.Redis.EndPoint.ToString());
            var client = await RedisClient.ConnectAsync(_options.Redis, cancellationToken).ConfigureAwait(false);
            var all = new BackplaneSubscription(client, _channels.All, payload => OnAllMessage(payload), _logger);
            var inbox = new BackplaneSubscription(client, _channels.Server(_serverName), payload => OnServerMessage(payload), _logger);
            try
            {
                await Task.WhenAll(all.Ready, inbox.Ready).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                all.Dispose();
                inbox.Dispose();
                await client.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            _serverSubscriptions.AddRange([all, inbox]);
            Volatile.Write(ref _client, client);
            return client;
        }
        finally
        {
            _startGate.Release();
        }
    }

    private async Task<long> PublishAsync(string channel, byte[] payload, CancellationToken cancellationToken)
    {
        var client = await StartAsync(cancellationToken).ConfigureAwait(false);
        var publish = client.Publish(channel, payload);
        // The observable's own awaiter is lighter than ToTask; it takes no token.
        return cancellationToken.CanBeCanceled
            ? await publish.ToTask(cancellationToken).ConfigureAwait(false)
            : await publish;
    }

    /// <summary>
    /// Whether a PUBLISH that reached no subscriber proves nobody holds the channel's connection. In a cluster the
    /// count is one node's subscribers only, so it proves nothing there.
    /// </summary>
    private bool NobodyListens(long receivers) => receivers == 0 && !_options.Redis.Cluster.Enabled;
}
