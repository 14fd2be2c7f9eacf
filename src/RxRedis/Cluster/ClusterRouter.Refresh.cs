using System.Reactive.Concurrency;
using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Cluster;

internal sealed partial class ClusterRouter
{
    // CLUSTER SHARDS/SLOTS only read, so unlike the CLUSTER row of the command table they may be retried.
    private static readonly CommandInfo ReadSlotMap = new("CLUSTER", CommandFlags.ReadOnly | CommandFlags.Admin, 0, 0, 0);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private IDisposable? _periodic;
    private int _refreshPending;
    private long _lastRefreshTicks = long.MinValue; // scheduler UTC ticks; a long so reads cannot tear

    /// <summary>Reads the slot map again soon: at once, or when <see cref="ClusterOptions.MinRefreshInterval"/> has passed since the last read.</summary>
    public void RequestRefresh()
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.Exchange(ref _refreshPending, 1) != 0)
        {
            return; // one is already due
        }
        var scheduler = _options.Scheduler;
        var last = Interlocked.Read(ref _lastRefreshTicks);
        var wait = last == long.MinValue ? TimeSpan.Zero : TimeSpan.FromTicks(last - scheduler.Now.UtcTicks) + _options.Cluster.MinRefreshInterval;
        scheduler.Schedule(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, () => _ = RefreshAsync());
    }

    /// <summary>Reads the slot map from the first node that answers (the default node first) and applies it.</summary>
    public async Task RefreshAsync()
    {
        await _refreshing.WaitAsync().ConfigureAwait(false);
        try
        {
            Volatile.Write(ref _refreshPending, 0);
            Interlocked.Exchange(ref _lastRefreshTicks, _options.Scheduler.Now.UtcTicks);
            // Only nodes that are up: a command to a down one would wait for its timeout.
            RedisConnection[] candidates = [.. _nodes.Values.Where(n => n.IsConnected).OrderBy(n => n == _default ? 0 : 1)];
            foreach (var node in candidates)
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }
                try
                {
                    var topology = await ReadTopologyAsync(node).ConfigureAwait(false);
                    if (topology.Ranges.Count > 0)
                    {
                        Apply(topology);
                        if (topology.CoversAllSlots && topology.Primaries.All(p => Node(p).IsConnected))
                        {
                            return;
                        }
                        break;
                    }
                }
                catch (Exception)
                {
                    // Whatever this node said (an error, a malformed or odd reply), the next one may do better; a
                    // refresh runs unobserved, so nothing may escape it.
                    // This node cannot say; ask the next.
                }
            }
            // Degraded (a primary unreachable, slots without an owner, or nobody answered): keep reading the map,
            // MinRefreshInterval apart, so the promotion of a replica is seen as soon as the cluster announces it.
            RequestRefresh();
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private void StartPeriodicRefresh()
    {
        var interval = _options.Cluster.TopologyRefreshInterval;
        if (interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }
        _periodic = _options.Scheduler.Schedule(interval, next =>
        {
            RequestRefresh();
            next(interval);
        });
    }

    // The seeds in order; any node of the cluster knows the whole map.
    private async Task<ClusterTopology> ReadSeedsAsync(CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        RedisException? last = null;
        foreach (var seed in (IEnumerable<RedisEndPoint>)[_options.EndPoint, .. _options.Cluster.SeedEndPoints])
        {
            RedisConnection? connection = null;
            try
            {
                var key = new NodeKey(seed, ReadOnly: false);
                connection = await RedisConnection.ConnectAsync(NodeOptions(key), _transport, cancellationToken).ConfigureAwait(false);
                var topology = await ReadTopologyAsync(connection).ConfigureAwait(false);
                if (topology.Ranges.Count == 0)
                {
                    throw new RedisConnectionException($"{seed} is in cluster mode but serves no slots yet (the cluster is not set up).", CommandOutcome.NotSent);
                }
                if (topology.Ranges.Any(r => r.Primary == seed))
                {
                    Adopt(connection);
                    _nodes[key] = connection; // keep the seed's connection: it is a primary we need anyway
                    connection = null;
                }
                return topology;
            }
            catch (RedisException e) when (e is not RedisAuthenticationException)
            {
                last = e;
                failures.Add($"{seed}: {e.Message}");
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        throw new RedisConnectionException(
            $"No cluster seed node returned the slot map ({string.Join("; ", failures)}).", CommandOutcome.NotSent, last);
    }

    // CLUSTER SHARDS (Redis 7+), else CLUSTER SLOTS (https://redis.io/docs/latest/commands/cluster-shards/).
    private static async Task<ClusterTopology> ReadTopologyAsync(RedisConnection node)
    {
        try
        {
            var shards = await new RedisCommand<RespValue>(node, ReadSlotMap, ReplyDecoders.Raw, ["SHARDS"]);
            return ClusterTopology.FromClusterShards(shards, node.Options.Tls is { Enabled: true });
        }
        catch (RedisServerException e) when (e.ServerMessage.Contains("unknown subcommand", StringComparison.OrdinalIgnoreCase))
        {
            var slots = await new RedisCommand<RespValue>(node, ReadSlotMap, ReplyDecoders.Raw, ["SLOTS"]);
            return ClusterTopology.FromClusterSlots(slots);
        }
        catch (RedisServerException e) when (e.ServerMessage.Contains("cluster support disabled", StringComparison.OrdinalIgnoreCase))
        {
            throw new RedisConnectionException(
                $"{node.EndPoint} is not in cluster mode (cluster-enabled no); turn ClusterOptions.Enabled off to use it as a single server.",
                CommandOutcome.NotSent, e);
        }
    }
}
