using RxRedis.Cluster;
using RxRedis.Commands;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>Connecting to the fixture's cluster, and keys chosen so that each primary owns some.</summary>
internal static class ClusterTestClient
{
    public static Task<RedisClient> ConnectAsync(RedisClusterFixture fixture, Action<RedisOptions>? configure = null)
    {
        var options = new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Cluster.Nodes[0].Port),
            Cluster = { Enabled = true },
        };
        configure?.Invoke(options);
        return RedisClient.ConnectAsync(options);
    }

    /// <summary>A client that learns of slot moves only from redirects: no periodic refresh of the slot map.</summary>
    public static Task<RedisClient> ConnectWithoutRefreshAsync(RedisClusterFixture fixture) =>
        ConnectAsync(fixture, o => o.Cluster.TopologyRefreshInterval = Timeout.InfiniteTimeSpan);

    /// <summary>The port of the primary that owns <paramref name="key"/>, as the client's slot map says.</summary>
    public static int OwnerPort(this RedisClient client, RedisKey key) =>
        client.ClusterRouter!.Route(HashSlot.Of(key), CommandFlags.None).EndPoint.Port;

    /// <summary><paramref name="perPrimary"/> keys (all in different slots) owned by each primary, interleaved: a key of each primary in turn.</summary>
    public static string[] KeysOnEveryPrimary(this RedisClient client, string prefix, int perPrimary)
    {
        var primaries = client.ClusterRouter!.Topology.Primaries.Select(p => p.Port).ToArray();
        var byPrimary = primaries.ToDictionary(p => p, _ => new List<string>());
        var slots = new HashSet<int>();
        for (var i = 0; byPrimary.Values.Any(k => k.Count < perPrimary); i++)
        {
            var key = prefix + i;
            var keys = byPrimary[client.OwnerPort(key)];
            if (keys.Count < perPrimary && slots.Add(HashSlot.Of(key)))
            {
                keys.Add(key);
            }
        }
        return [.. Enumerable.Range(0, perPrimary).SelectMany(i => primaries.Select(p => byPrimary[p][i]))];
    }
}
