using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Routing;
using RxRedis.Transport;

namespace RxRedis.Cluster;

/// <summary>
/// Routes commands in a Redis Cluster: it holds the slot map and one multiplexed <see cref="RedisConnection"/>
/// per node, and sends each command to the primary (or, for reads when allowed, a replica) that owns the hash slot
/// of its keys. The map is read from the seeds at connect, patched by every <c>MOVED</c>, and read again after
/// redirects, lost nodes, and every <see cref="ClusterOptions.TopologyRefreshInterval"/> on the scheduler.
/// Commands without keys go to one fixed node (the first primary found), which also carries classic pub/sub.
/// </summary>
internal sealed partial class ClusterRouter : ICommandRouter, IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly IRedisTransport _transport;
    private readonly ConcurrentDictionary<NodeKey, RedisConnection> _nodes = new();
    private readonly Dictionary<RedisConnection, IDisposable> _watches = [];
    private RedisConnection?[] _primaryBySlot = new RedisConnection?[HashSlot.Count];
    private RedisConnection[]?[]? _replicasBySlot;
    private RedisConnection _default = null!;
    private int _nextReplica;
    private long _moved;
    private long _asked;
    private int _disposed;

    private ClusterRouter(RedisOptions options, IRedisTransport transport)
    {
        _options = options;
        _transport = transport;
        Hooks = [.. options.Hooks];
        Resends = new ClusterResendLane(this);
        TopologyApplied += Resends.Poke;
    }

    /// <summary>The cluster's ordered retries: failed commands, and newer ones for their slots, wait here in order.</summary>
    public ClusterResendLane Resends { get; }

    /// <summary>Commands, bulk parts and the resend lane read a slot's owner and queue there inside it (see <see cref="SlotRouteFence"/>).</summary>
    public SlotRouteFence Fence { get; } = new();

    // A replica connection differs from a primary one to the same node: it has sent READONLY.
    private readonly record struct NodeKey(RedisEndPoint EndPoint, bool ReadOnly);

    public RedisOptions Options => _options;

    public IRedisHook[] Hooks { get; }

    /// <summary>The node for commands without keys, classic pub/sub and the client's connection state.</summary>
    public RedisConnection Default => _default;

    /// <summary>The slot map in use (as last read; single <c>MOVED</c> patches are not reflected here).</summary>
    public ClusterTopology Topology { get; private set; } = null!;

    /// <summary>
    /// Reads the slot map from the first seed that answers, opens a connection to every primary (and replica when
    /// reads may go there), and waits up to the connect timeout for the primaries to connect.
    /// </summary>
    public static async Task<ClusterRouter> ConnectAsync(RedisOptions options, IRedisTransport transport, CancellationToken cancellationToken)
    {
        var router = new ClusterRouter(options, transport);
        try
        {
            var topology = await router.ReadSeedsAsync(cancellationToken).ConfigureAwait(false);
            router.Apply(topology);
            await router.WaitForPrimariesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await router.DisposeAsync().ConfigureAwait(false); // node connections opened so far would reconnect for ever
            throw;
        }
        router.StartPeriodicRefresh();
        return router;
    }

    public RedisConnection Route(int slot, CommandFlags flags)
    {
        if (slot < 0)
        {
            return _default.IsConnected ? _default : AnyConnectedPrimary() ?? _default;
        }
        if ((flags & CommandFlags.ReadOnly) != 0 && Volatile.Read(ref _replicasBySlot)?[slot] is { Length: > 0 } replicas)
        {
            // Round robin over the replicas that are up; the primary when none is.
            var start = (int)((uint)Interlocked.Increment(ref _nextReplica) % (uint)replicas.Length);
            for (var i = 0; i < replicas.Length; i++)
            {
                var replica = replicas[(start + i) % replicas.Length];
                if (replica.IsConnected)
                {
                    return replica;
                }
            }
        }
        if (Volatile.Read(ref Volatile.Read(ref _primaryBySlot)[slot]) is { } primary) // acquire: a hold made before the store is seen
        {
            return primary;
        }
        // No known owner (its shard lost its primary): ask any node, which answers MOVED or CLUSTERDOWN.
        RequestRefresh();
        return _default;
    }

    /// <summary>Raised after a refreshed slot map is in use (not under any lock of the router).</summary>
    public event Action? TopologyApplied;

    /// <summary>Receives the RESP3 push frames of every node connection, with the connection that read them.</summary>
    public Action<RedisConnection, RespValue>? PushHandler { get; set; }

    /// <summary>True while <paramref name="connection"/> is one of the router's live node connections.</summary>
    public bool IsNode(RedisConnection connection) => _nodes.TryGetValue(new NodeKey(connection.EndPoint, connection.Options.ReadOnlyReplica), out var node) && node == connection;

    /// <summary>A primary that is connected now, for keyless commands while the default node is down.</summary>
    public RedisConnection? AnyConnectedPrimary() =>
        Topology.Primaries.Select(Node).FirstOrDefault(n => n.IsConnected);

    /// <summary>The primary-mode connection to <paramref name="endPoint"/>, opened in the background if new.</summary>
    public RedisConnection Node(RedisEndPoint endPoint) => Node(new NodeKey(endPoint, ReadOnly: false));

    /// <summary>
    /// Where a redirect points. Without a host (<c>MOVED 3999 :6381</c>) it means the host of the node that replied
    /// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#moved-redirection); that is the
    /// slot's owner in the map, through which the command was sent, else the host first dialled.
    /// </summary>
    public RedisEndPoint Resolve(Redirect redirect) =>
        redirect.EndPoint
        ?? RedisEndPoint.Tcp(Volatile.Read(ref _primaryBySlot)[redirect.Slot]?.EndPoint.Host ?? _options.EndPoint.Host ?? "127.0.0.1", redirect.Port);

    /// <summary><c>MOVED</c> redirects followed since connect.</summary>
    public long MovedRedirects => Interlocked.Read(ref _moved);

    /// <summary><c>ASK</c> redirects followed since connect.</summary>
    public long AskRedirects => Interlocked.Read(ref _asked);

    /// <summary>
    /// A redirect is being followed. <c>MOVED</c>: the slot's owner changed, so later commands go there and the whole
    /// map is read again soon. <c>ASK</c>: only this key is elsewhere while its slot migrates; the map stays.
    /// </summary>
    /// <param name="redirect">The redirect read.</param>
    /// <param name="endPoint">Where it points (<see cref="Resolve"/>).</param>
    /// <param name="source">
    /// The node connection the redirect came from, when it carries plain commands: after a <c>MOVED</c> the slot's
    /// newer commands wait until it answered what was sent to it before (<see cref="ClusterResendLane.Hold"/>).
    /// </param>
    public void OnRedirect(Redirect redirect, RedisEndPoint endPoint, RedisConnection? source = null)
    {
        if (redirect.IsAsk)
        {
            Interlocked.Increment(ref _asked);
            return;
        }
        Interlocked.Increment(ref _moved);
        // Held before the map names the new owner: behind the node that answered, and behind the primary the map named
        // (a read answered MOVED by a replica, while the slot's writes are still in flight on its primary).
        // Not behind the new owner itself (the map may already name it, after an earlier MOVED of the same burst).
        var map = Volatile.Read(ref _primaryBySlot);
        var previous = Volatile.Read(ref map[redirect.Slot]);
        var owner = Node(endPoint);
        var barriers = new List<SlotBarrier>(2);
        HoldBehind(source);
        if (previous != source)
        {
            HoldBehind(previous);
        }
        try
        {
            Volatile.Write(ref map[redirect.Slot], owner);
        }
        finally
        {
            SendBehindRoutedBefore(barriers); // even if the map could not change: a hold lasts only until its barrier ends
        }
        RequestRefresh();

        void HoldBehind(RedisConnection? old)
        {
            if (old is not null && old != owner && Resends.Hold(old, [redirect.Slot]) is { } barrier)
            {
                barriers.Add(barrier);
            }
        }
    }

    private RedisConnection Node(NodeKey key)
    {
        if (_nodes.TryGetValue(key, out var connection))
        {
            return connection;
        }
        lock (_nodes)
        {
            if (_nodes.TryGetValue(key, out connection))
            {
                return connection;
            }
            if (Volatile.Read(ref _disposed) != 0)
            {
                return _default; // disposed: it fails the command as not sent
            }
            connection = RedisConnection.Open(NodeOptions(key), _transport);
            Adopt(connection);
            _nodes[key] = connection;
            return connection;
        }
    }

    private RedisOptions NodeOptions(NodeKey key)
    {
        var options = _options.Clone();
        options.EndPoint = key.EndPoint;
        options.ReadOnlyReplica = key.ReadOnly;
        options.Cluster = new ClusterOptions();
        return options;
    }

    // Every node connection: fails fast while down, hands pushes on, and is watched.
    private void Adopt(RedisConnection connection)
    {
        connection.FailWhileDown = true;
        connection.PushHandler = frame => PushHandler?.Invoke(connection, frame);
        Watch(connection);
    }

    // A node that drops may have failed over or left: read the map again.
    private void Watch(RedisConnection connection)
    {
        var watch = connection.State.Subscribe(s =>
        {
            if (s.Status == ConnectionStatus.Disconnected)
            {
                RequestRefresh();
            }
            else if (s.Status == ConnectionStatus.Connected)
            {
                Resends.Poke(); // retries waiting for this node may go
            }
        });
        lock (_watches)
        {
            _watches[connection] = watch;
        }
    }

    private void Unwatch(RedisConnection connection)
    {
        lock (_watches)
        {
            if (_watches.Remove(connection, out var watch))
            {
                watch.Dispose();
            }
        }
    }

    /// <summary>Points every slot at its owner per <paramref name="topology"/> and closes connections to nodes that left it.</summary>
    private void Apply(ClusterTopology topology)
    {
        var barriers = HoldMovingSlots(topology); // before the map names the new owners
        List<RedisConnection> left;
        try
        {
            left = ApplyLocked(topology);
        }
        finally
        {
            SendBehindRoutedBefore(barriers);
        }
        foreach (var connection in left)
        {
            // After the barriers: one queued on a node that left ends only once it is closed (SlotBarrier.OnFailure).
            _ = connection.RetireAsync().AsTask();
        }
        TopologyApplied?.Invoke();
    }

    // Returns the connections to nodes that left the map: the caller retires them.
    private List<RedisConnection> ApplyLocked(ClusterTopology topology)
    {
        var left = new List<RedisConnection>();
        lock (_nodes)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return left;
            }
            var primaries = new RedisConnection?[HashSlot.Count];
            var replicas = _options.Cluster.ReadFromReplicas ? new RedisConnection[]?[HashSlot.Count] : null;
            var used = new HashSet<NodeKey>();
            foreach (var range in topology.Ranges)
            {
                var primaryKey = new NodeKey(range.Primary, ReadOnly: false);
                used.Add(primaryKey);
                var primary = Node(primaryKey);
                RedisConnection[]? readers = null;
                if (replicas is not null)
                {
                    var keys = range.Replicas.Select(r => new NodeKey(r, ReadOnly: true)).ToArray();
                    used.UnionWith(keys);
                    readers = [.. keys.Select(Node)];
                }
                for (var slot = range.Start; slot <= range.End; slot++)
                {
                    primaries[slot] = primary;
                    replicas?[slot] = readers;
                }
            }
            var defaultKey = _default is null ? (NodeKey?)null : new NodeKey(_default.EndPoint, ReadOnly: false);
            _default ??= Node(new NodeKey(topology.Ranges[0].Primary, ReadOnly: false));
            Volatile.Write(ref _primaryBySlot, primaries);
            Volatile.Write(ref _replicasBySlot, replicas);
            Topology = topology;
            foreach (var (key, connection) in _nodes)
            {
                // The default node stays: classic pub/sub lives on it, and it comes back when the node does.
                if (!used.Contains(key) && key != defaultKey && connection != _default && _nodes.TryRemove(key, out _))
                {
                    // Its queued commands fail as not sent and are retried against the slot's new owner.
                    Unwatch(connection);
                    left.Add(connection);
                }
            }
        }
        return left;
    }

    // Slots the new map gives to another primary (or to none) keep their newer commands in the resend lane until the
    // old owner answered what was routed to it before (see SlotHold): one barrier per old owner. Not under the nodes'
    // lock: the lane routes under its own lock, which may open a node connection.
    private List<SlotBarrier> HoldMovingSlots(ClusterTopology topology)
    {
        var before = Volatile.Read(ref _primaryBySlot);
        var after = new RedisEndPoint?[HashSlot.Count];
        foreach (var range in topology.Ranges)
        {
            after.AsSpan(range.Start, range.End - range.Start + 1).Fill(range.Primary);
        }
        Dictionary<RedisConnection, List<int>>? moving = null;
        for (var slot = 0; slot < before.Length; slot++)
        {
            if (before[slot] is { } owner && owner.EndPoint != after[slot])
            {
                moving ??= [];
                if (!moving.TryGetValue(owner, out var slots))
                {
                    moving[owner] = slots = [];
                }
                slots.Add(slot);
            }
        }
        var barriers = new List<SlotBarrier>();
        foreach (var (owner, slots) in moving ?? [])
        {
            if (Resends.Hold(owner, slots) is { } barrier)
            {
                barriers.Add(barrier);
            }
        }
        return barriers;
    }

    // The map names the slots' new owners: the barrier goes on the old owner once every command that read it from the
    // map is in its queue, so each of them is answered (maybe MOVED, then joining the lane) before the hold ends.
    private void SendBehindRoutedBefore(List<SlotBarrier> barriers)
    {
        foreach (var barrier in barriers)
        {
            Fence.WaitForRoutedBefore(barrier.Slots);
            barrier.Send();
        }
    }

    private async Task WaitForPrimariesAsync(CancellationToken cancellationToken)
    {
        var primaries = Topology.Primaries.Select(Node).ToArray();
        using var timeout = SchedulerDelay.TimeoutSource(_options.Scheduler, _options.ConnectTimeout, cancellationToken, out var timer);
        using (timer)
        {
            try
            {
                // Settled: connected, or the first attempt failed (it keeps reconnecting in the background).
                await Task.WhenAll(primaries.Select(p => p.State
                    .FirstAsync(s => s.Status is not (ConnectionStatus.Connecting or ConnectionStatus.Reconnecting))
                    .ToTask(timeout.Token))).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Some primary is slow: commands for its slots queue until it connects or they time out.
            }
        }
    }

    /// <summary>Closes the dedicated pools and every node connection (each lets written commands get their replies first).</summary>
    public async ValueTask DisposeAsync()
    {
        RedisConnection[] nodes;
        lock (_nodes)
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            nodes = [.. _nodes.Values];
        }
        _periodic?.Dispose();
        Resends.Close();
        lock (_watches)
        {
            foreach (var watch in _watches.Values)
            {
                watch.Dispose();
            }
            _watches.Clear();
        }
        await DisposePoolsAsync().ConfigureAwait(false);
        await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
