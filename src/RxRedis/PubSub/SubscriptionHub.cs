using System.Collections.Concurrent;
using System.Reactive;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Text;
using RxRedis.Cluster;
using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Protocol;
using RxRedis.Resilience;

namespace RxRedis.PubSub;

/// <summary>
/// Every live pub/sub subscription of a client, reference-counted per (kind, channel): the first subscriber sends
/// <c>SUBSCRIBE</c>, the last disposal sends <c>UNSUBSCRIBE</c>, and each time a connection comes back every live
/// subscription it carried is sent again. Messages are routed from the connections' push handlers to each
/// subscriber's queue. For one server the connection is the shared one under RESP3, or a dedicated subscriber
/// connection under RESP2, where a subscribed connection accepts only (un)subscribe commands and PING. In a cluster
/// (RESP3) each subscription lives on a node: classic and pattern ones on any node, since every node receives every
/// <c>PUBLISH</c> (they move when that node goes down), shard ones on the primary of the channel's slot (they move
/// when the slot does: the server then sends <c>sunsubscribe</c>, https://redis.io/docs/latest/commands/ssubscribe/).
/// </summary>
internal sealed class SubscriptionHub : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(SubscriptionKind, string), ChannelEntry> _entries = new();
    private readonly Dictionary<(SubscriptionKind, string), List<IObserver<Unit>>> _readyWatchers = [];
    private readonly Func<CancellationToken, Task<RedisConnection>>? _openDedicated;
    private readonly ClusterRouter? _cluster;
    private readonly Dictionary<RedisConnection, IDisposable> _watched = [];
    private readonly List<PendingCommand> _backlog = [];
    private readonly CancellationTokenSource _disposing = new();
    private RedisConnection? _connection;
    private ChannelEntry? _lastTarget;   // where the last message went; most messages go where the previous one did
    private bool _connecting;
    private RedisConnection? _replaying;
    private bool _disposed;

    /// <summary>The client's hooks, which see each (un)subscribe command (see <see cref="Control"/>).</summary>
    public IRedisHook[] Hooks { get; init; } = [];

    /// <summary>Uses the shared RESP3 connection, whose push frames the client routes to <see cref="OnPush"/>.</summary>
    public SubscriptionHub(RedisConnection shared)
    {
        Attach(shared);
    }

    /// <summary>Spreads subscriptions over the nodes of a cluster (RESP3), whose push frames the client routes to <see cref="OnPush"/>.</summary>
    public SubscriptionHub(ClusterRouter cluster)
    {
        _cluster = cluster;
        cluster.TopologyApplied += OnTopologyApplied;
    }

    /// <summary>Opens a dedicated RESP2 subscriber connection with <paramref name="openDedicated"/> on first use.</summary>
    public SubscriptionHub(Func<CancellationToken, Task<RedisConnection>> openDedicated)
    {
        _openDedicated = openDedicated;
    }

    /// <summary>Adds a subscriber; the returned disposable removes it (and unsubscribes after the last one).</summary>
    public IDisposable Add(SubscriptionKind kind, string name, ISubscriberSink sink)
    {
        var key = (kind, name);
        lock (_gate)
        {
            if (_disposed)
            {
                sink.Fail(new ObjectDisposedException(nameof(RedisClient)));
                return Disposable.Empty;
            }
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new ChannelEntry(kind, name);
                _entries[key] = entry;
                entry.Add(sink);
                SubscribeLocked(entry);
            }
            else
            {
                entry.Add(sink);
            }
        }
        return Disposable.Create(() => Remove(key, sink));
    }

    private void Remove((SubscriptionKind, string) key, ISubscriberSink sink)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry) || !entry.Remove(sink) || !entry.IsEmpty)
            {
                return;
            }
            _entries.TryRemove(key, out _);
            entry.MarkRemoved();
            if (!_disposed)
            {
                SendLocked(entry.Connection, Control(entry.Kind, subscribe: false, entry.Name, static _ => { }));
            }
        }
    }

    /// <summary>Emits each time the server confirms the subscription, at once when it is confirmed already.</summary>
    public IObservable<Unit> WhenReady(SubscriptionKind kind, string name) => Observable.Create<Unit>(observer =>
    {
        var key = (kind, name);
        var synchronized = Observer.Synchronize(observer);
        bool confirmed;
        lock (_gate)
        {
            if (!_readyWatchers.TryGetValue(key, out var watchers))
            {
                _readyWatchers[key] = watchers = [];
            }
            watchers.Add(synchronized);
            confirmed = _entries.TryGetValue(key, out var entry) && entry.Confirmed;
        }
        if (confirmed)
        {
            synchronized.OnNext(Unit.Default);
        }
        return Disposable.Create(() =>
        {
            lock (_gate)
            {
                if (_readyWatchers.TryGetValue(key, out var watchers) && watchers.Remove(synchronized) && watchers.Count == 0)
                {
                    _readyWatchers.Remove(key);
                }
            }
        });
    });

    /// <summary>Routes a message frame, read on <paramref name="from"/>, to its subscribers; false when the frame is not a pub/sub message.</summary>
    public bool OnPush(RespValue frame, RedisConnection from)
    {
        if (!PubSubFrames.TryReadMessage(frame, out var kind, out var key, out var channel, out var payload))
        {
            if (_cluster is not null && PubSubFrames.TryReadShardUnsubscribe(frame, out var unsubscribed))
            {
                OnShardUnsubscribed(unsubscribed, from);
            }
            // (Un)subscribe confirmations are consumed here; readiness comes from the PING that follows instead.
            return PubSubFrames.IsPubSubFrame(frame);
        }
        // In a cluster every node hears every PUBLISH: while a subscription moves, the node it left may still send
        // one, so only the node it is on now delivers (no duplicates; pub/sub is at most once anyway).
        if (Find(kind, key) is { } entry && (_cluster is null || entry.Connection == from))
        {
            // The entry's own name serves as the channel (or pattern) string, so a message decodes no name it need not.
            entry.Deliver(kind == SubscriptionKind.Pattern
                ? new RedisMessage(kind, channel.AsString() ?? "", RedisValue.FromResp(payload), entry.Name)
                : new RedisMessage(kind, entry.Name, RedisValue.FromResp(payload)));
        }
        return true;
    }

    private ChannelEntry? Find(SubscriptionKind kind, RespValue key)
    {
        if (_lastTarget is { IsRemoved: false } last && last.Kind == kind && key.Span.SequenceEqual(last.NameBytes))
        {
            return last;
        }
        if (!_entries.TryGetValue((kind, key.AsString() ?? ""), out var entry))
        {
            return null;
        }
        _lastTarget = entry;
        return entry;
    }

    // Sends SUBSCRIBE where the entry belongs now (in a cluster: its node), leaving the node it was on, if any.
    private void SubscribeLocked(ChannelEntry entry)
    {
        var from = entry.Connection;
        var to = Target(entry);
        entry.Connection = to;
        entry.Confirmed = false;
        if (from is not null && from != to && from.IsConnected)
        {
            // Moved while the old node is up (its slot moved, or it was down and came back): stop it delivering twice.
            from.Enqueue(Control(entry.Kind, subscribe: false, entry.Name, static _ => { }), defaultTimeout: true);
        }
        SendLocked(to, Control(entry.Kind, subscribe: true, entry.Name, error => OnSubscribed(entry, to, error)));
    }

    // One server: the connection. Cluster: the slot's primary for a shard channel; else the node it is on while that is up.
    private RedisConnection? Target(ChannelEntry entry)
    {
        if (_cluster is not { } cluster)
        {
            return _connection;
        }
        if (entry.Kind == SubscriptionKind.Shard)
        {
            return cluster.Route(HashSlot.Of(Encoding.UTF8.GetBytes(entry.Name)), CommandFlags.None);
        }
        return entry.Connection is { IsDown: false } current && cluster.IsNode(current) ? current : cluster.Route(CommandSlot.None, CommandFlags.None);
    }

    // connection: where it was sent; null when it waited for the RESP2 subscriber connection to open.
    private void OnSubscribed(ChannelEntry entry, RedisConnection? connection, Exception? error)
    {
        List<IObserver<Unit>>? notify = null;
        ISubscriberSink[]? failed = null;
        lock (_gate)
        {
            var live = _entries.TryGetValue((entry.Kind, entry.Name), out var current) && current == entry && (connection is null || entry.Connection == connection);
            if (!live)
            {
                return;
            }
            if (error is not null && _cluster is { } cluster && Redirect.TryParse(error, out var redirect))
            {
                // SSUBSCRIBE sent by a stale map: the node names the slot's owner. Bounded like a command's redirects:
                // past that, the nodes disagree for now, and the refreshed map moves the entry (OnTopologyApplied).
                cluster.OnRedirect(redirect, cluster.Resolve(redirect));
                if (++entry.Redirects <= cluster.Options.Cluster.MaxRedirects)
                {
                    SubscribeLocked(entry);
                }
                else
                {
                    entry.Redirects = 0;
                    cluster.RequestRefresh();
                }
                return;
            }
            if (error is not null && _cluster is not null && error is RedisConnectionException or RedisTimeoutException)
            {
                // The node is down: the subscription moves when the map changes, or is sent again when the node is back.
                return;
            }
            if (error is null)
            {
                entry.Confirmed = true;
                entry.Redirects = 0;
                notify = _readyWatchers.TryGetValue((entry.Kind, entry.Name), out var watchers) ? [.. watchers] : null;
            }
            else if (error is not RedisConnectionException { Outcome: CommandOutcome.Unknown })
            {
                // Refused by the server or never sent (client disposed). A lost connection is not final: the
                // subscription is sent again when the connection is back.
                failed = entry.Sinks;
                _entries.TryRemove((entry.Kind, entry.Name), out _);
                entry.MarkRemoved();
            }
        }
        foreach (var sink in failed ?? [])
        {
            sink.Fail(error!);
        }
        if (notify is not null)
        {
            // Never run user code on the reader loop.
            ThreadPool.QueueUserWorkItem(static watchers =>
            {
                foreach (var watcher in watchers)
                {
                    watcher.OnNext(Unit.Default);
                }
            }, notify, preferLocal: false);
        }
    }

    private void SendLocked(RedisConnection? connection, PendingCommand command)
    {
        if (connection is not null)
        {
            Watch(connection);
            connection.Enqueue(command, defaultTimeout: true);
            return;
        }
        _backlog.Add(command);
        if (!_connecting && _openDedicated is not null)
        {
            _connecting = true;
            _ = OpenDedicatedAsync(_openDedicated);
        }
    }

    private async Task OpenDedicatedAsync(Func<CancellationToken, Task<RedisConnection>> open)
    {
        RedisConnection connection;
        try
        {
            connection = await open(_disposing.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            FailAll(e);
            return;
        }
        connection.PushHandler = frame => OnPush(frame, connection);
        connection.OutOfBandClassifier = PubSubFrames.IsOutOfBand;
        lock (_gate)
        {
            if (!_disposed)
            {
                Attach(connection);
                foreach (var entry in _entries.Values)
                {
                    entry.Connection ??= connection;
                }
                foreach (var command in _backlog)
                {
                    connection.Enqueue(command, defaultTimeout: true);
                }
                _backlog.Clear();
                return;
            }
        }
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private void FailAll(Exception error)
    {
        List<ISubscriberSink> sinks = [];
        lock (_gate)
        {
            _connecting = false;
            _backlog.Clear();
            foreach (var entry in _entries.Values)
            {
                sinks.AddRange(entry.Sinks);
                entry.MarkRemoved();
            }
            _entries.Clear();
        }
        foreach (var sink in sinks)
        {
            sink.Fail(error);
        }
    }

    private void Attach(RedisConnection connection)
    {
        _connection = connection;
        Watch(connection);
    }

    // Follows the state of every connection that carries subscriptions (under the gate).
    private void Watch(RedisConnection connection)
    {
        if (_watched.ContainsKey(connection))
        {
            return;
        }
        _replaying = connection; // the current state is replayed at once: not a change
        _watched[connection] = connection.State.Subscribe(state => OnState(connection, state));
        _replaying = null;
    }

    private void OnState(RedisConnection connection, ConnectionState state)
    {
        lock (_gate)
        {
            if (_disposed || _replaying == connection)
            {
                return;
            }
            if (state.Status == ConnectionStatus.Disposed)
            {
                // A cluster node retired from the slot map: its entries moved on (OnTopologyApplied); stop following it.
                if (_watched.Remove(connection, out var watch))
                {
                    watch.Dispose();
                }
                return;
            }
            var carried = _entries.Values.Where(e => e.Connection == connection).ToArray();
            if (state.Status == ConnectionStatus.Disconnected)
            {
                foreach (var entry in carried)
                {
                    entry.Confirmed = false;
                    if (_cluster is not null && entry.Kind != SubscriptionKind.Shard)
                    {
                        SubscribeLocked(entry); // any other node receives every PUBLISH too
                    }
                }
            }
            else if (state.Status == ConnectionStatus.Connected)
            {
                // A new socket starts with no subscriptions: restore every live one (at most once delivery: what
                // was published while disconnected is gone).
                foreach (var entry in carried)
                {
                    SubscribeLocked(entry);
                }
            }
        }
    }

    // A refreshed slot map: shard subscriptions follow their slots; the others leave nodes that are gone.
    private void OnTopologyApplied()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            foreach (var entry in _entries.Values)
            {
                if (Target(entry) != entry.Connection)
                {
                    SubscribeLocked(entry);
                }
            }
        }
    }

    // The server dropped a shard subscription (its slot moved away): subscribe again where the slot is now.
    private void OnShardUnsubscribed(string channel, RedisConnection from)
    {
        lock (_gate)
        {
            if (_disposed || !_entries.TryGetValue((SubscriptionKind.Shard, channel), out var entry) || entry.Connection != from)
            {
                return;
            }
            _cluster!.RequestRefresh();
            if (entry.Confirmed)
            {
                SubscribeLocked(entry);
            }
            // Unconfirmed, the subscribe is still in flight here and its reply will settle it; should the slot have
            // moved meanwhile, the refresh just asked for moves the entry (OnTopologyApplied).
        }
    }

    private static CommandInfo Row(SubscriptionKind kind, bool subscribe) => (kind, subscribe) switch
    {
        (SubscriptionKind.Channel, true) => CommandTable.Subscribe,
        (SubscriptionKind.Pattern, true) => CommandTable.PSubscribe,
        (SubscriptionKind.Shard, true) => CommandTable.SSubscribe,
        (SubscriptionKind.Channel, false) => CommandTable.Unsubscribe,
        (SubscriptionKind.Pattern, false) => CommandTable.PUnsubscribe,
        _ => CommandTable.SUnsubscribe,
    };

    // A (un)subscribe command; the hooks see it from its send to its confirmation, told off the reader loop
    // (hooks are user code) before the hub acts on the outcome.
    private SubscriptionCommand Control(SubscriptionKind kind, bool subscribe, string name, Action<Exception?> done)
    {
        var row = Row(kind, subscribe);
        if (CommandHooks.Observe(Hooks, [row]) is not { } hooked)
        {
            return new SubscriptionCommand(row.Name, name, done);
        }
        return new SubscriptionCommand(row.Name, name, error =>
        {
            ThreadPool.QueueUserWorkItem(static s => s.hooked.End(s.error), (hooked, error), preferLocal: false);
            done(error);
        });
    }

    /// <summary>Completes every subscriber and closes the dedicated connection, if any.</summary>
    public async ValueTask DisposeAsync()
    {
        List<ISubscriberSink> sinks = [];
        RedisConnection? dedicated;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            foreach (var entry in _entries.Values)
            {
                sinks.AddRange(entry.Sinks);
                entry.MarkRemoved();
            }
            _entries.Clear();
            dedicated = _openDedicated is null ? null : _connection;
        }
        if (_cluster is not null)
        {
            _cluster.TopologyApplied -= OnTopologyApplied;
        }
        lock (_gate)
        {
            foreach (var watch in _watched.Values)
            {
                watch.Dispose();
            }
        }
        await _disposing.CancelAsync().ConfigureAwait(false);
        foreach (var sink in sinks)
        {
            sink.Complete();
        }
        if (dedicated is not null)
        {
            await dedicated.DisposeAsync().ConfigureAwait(false);
        }
        _disposing.Dispose();
    }
}
