using System.Collections.Concurrent;
using System.Reactive;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.PubSub;

/// <summary>
/// Every live pub/sub subscription of a client, reference-counted per (kind, channel): the first subscriber sends
/// <c>SUBSCRIBE</c>, the last disposal sends <c>UNSUBSCRIBE</c>, and each time the connection comes back every live
/// subscription is sent again. Messages are routed from the connection's push handler to each subscriber's queue.
/// The connection is the shared one under RESP3, or a dedicated subscriber connection under RESP2, where a
/// subscribed connection accepts only (un)subscribe commands and PING.
/// </summary>
internal sealed class SubscriptionHub : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(SubscriptionKind, string), ChannelEntry> _entries = new();
    private readonly Dictionary<(SubscriptionKind, string), List<IObserver<Unit>>> _readyWatchers = [];
    private readonly Func<CancellationToken, Task<RedisConnection>>? _openDedicated;
    private readonly List<PendingCommand> _backlog = [];
    private readonly CancellationTokenSource _disposing = new();
    private RedisConnection? _connection;
    private ChannelEntry? _lastTarget;   // where the last message went; most messages go where the previous one did
    private IDisposable? _stateSubscription;
    private bool _connecting;
    private bool _replaying;
    private bool _disposed;

    /// <summary>Uses the shared RESP3 connection, whose push frames the client routes to <see cref="OnPush"/>.</summary>
    public SubscriptionHub(RedisConnection shared)
    {
        Attach(shared);
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
                SendLocked(SubscribeCommand(entry));
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
                SendLocked(new SubscriptionCommand(Verb(entry.Kind, subscribe: false), entry.Name, static _ => { }));
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

    /// <summary>Routes a message frame to its subscribers; false when the frame is not a pub/sub message.</summary>
    public bool OnPush(RespValue frame)
    {
        if (!PubSubFrames.TryReadMessage(frame, out var kind, out var key, out var channel, out var payload))
        {
            // (Un)subscribe confirmations are consumed here; readiness comes from the PING that follows instead.
            return PubSubFrames.IsPubSubFrame(frame);
        }
        if (Find(kind, key) is { } entry)
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

    private SubscriptionCommand SubscribeCommand(ChannelEntry entry) =>
        new(Verb(entry.Kind, subscribe: true), entry.Name, error => OnSubscribed(entry, error));

    private void OnSubscribed(ChannelEntry entry, Exception? error)
    {
        List<IObserver<Unit>>? notify = null;
        ISubscriberSink[]? failed = null;
        lock (_gate)
        {
            var live = _entries.TryGetValue((entry.Kind, entry.Name), out var current) && current == entry;
            if (!live)
            {
                return;
            }
            if (error is null)
            {
                entry.Confirmed = true;
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

    private void SendLocked(PendingCommand command)
    {
        if (_connection is { } connection)
        {
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
        connection.PushHandler = frame => OnPush(frame);
        connection.OutOfBandClassifier = PubSubFrames.IsOutOfBand;
        lock (_gate)
        {
            if (!_disposed)
            {
                Attach(connection);
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
        _replaying = true;
        _stateSubscription = connection.State.Subscribe(OnState);
        _replaying = false;
    }

    private void OnState(ConnectionState state)
    {
        lock (_gate)
        {
            if (state.Status == ConnectionStatus.Disconnected)
            {
                foreach (var entry in _entries.Values)
                {
                    entry.Confirmed = false;
                }
            }
            else if (state.Status == ConnectionStatus.Connected && !_replaying && !_disposed)
            {
                // A new socket starts with no subscriptions: restore every live one (at most once delivery: what
                // was published while disconnected is gone).
                foreach (var entry in _entries.Values)
                {
                    _connection!.Enqueue(SubscribeCommand(entry), defaultTimeout: true);
                }
            }
        }
    }

    private static string Verb(SubscriptionKind kind, bool subscribe) => (kind, subscribe) switch
    {
        (SubscriptionKind.Channel, true) => "SUBSCRIBE",
        (SubscriptionKind.Pattern, true) => "PSUBSCRIBE",
        (SubscriptionKind.Shard, true) => "SSUBSCRIBE",
        (SubscriptionKind.Channel, false) => "UNSUBSCRIBE",
        (SubscriptionKind.Pattern, false) => "PUNSUBSCRIBE",
        _ => "SUNSUBSCRIBE",
    };

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
        _stateSubscription?.Dispose();
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
