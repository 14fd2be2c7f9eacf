using RxRedis.Commands;
using RxRedis.Routing;

namespace RxRedis.Cluster;

internal sealed partial class ClusterRouter : IDedicatedRouter
{
    // Blocking commands and WATCH transactions hold a connection to the node that owns their keys.
    private readonly Dictionary<RedisEndPoint, DedicatedConnectionPool> _pools = [];

    /// <summary>The dedicated pool of the primary that owns <paramref name="slot"/> now (the default node's for no key).</summary>
    public DedicatedConnectionPool PoolFor(int slot) => PoolAt(Route(slot, CommandFlags.None).EndPoint);

    /// <summary>The dedicated pool of the node at <paramref name="endPoint"/>, where a redirect pointed.</summary>
    public DedicatedConnectionPool PoolAt(RedisEndPoint endPoint)
    {
        lock (_pools)
        {
            if (!_pools.TryGetValue(endPoint, out var pool))
            {
                _pools[endPoint] = pool = new DedicatedConnectionPool(
                    NodeOptions(new NodeKey(endPoint, ReadOnly: false)), _transport, DedicatedConnectionPool.DefaultMaxConnections);
            }
            return pool;
        }
    }

    private async Task DisposePoolsAsync()
    {
        DedicatedConnectionPool[] pools;
        lock (_pools)
        {
            pools = [.. _pools.Values];
        }
        foreach (var pool in pools)
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }
    }
}
