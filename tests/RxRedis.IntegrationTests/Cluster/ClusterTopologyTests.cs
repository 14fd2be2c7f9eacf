using System.Reactive.Linq;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterTopologyTests(RedisClusterFixture fixture)
{
    private Task<RedisClient> ConnectAsync(RedisProtocol protocol) => RedisClient.ConnectAsync(new RedisOptions
    {
        EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Cluster.Nodes[0].Port),
        Protocol = protocol,
    });

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Cluster_shards_and_cluster_slots_describe_the_same_three_primaries_covering_every_slot(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);

        var shards = ClusterTopology.FromClusterShards(await client.Execute("CLUSTER", "SHARDS"));
        var slots = ClusterTopology.FromClusterSlots(await client.Execute("CLUSTER", "SLOTS"));

        Assert.True(shards.CoversAllSlots);
        Assert.True(slots.CoversAllSlots);
        Assert.Equal(3, shards.Primaries.Count);
        Assert.Equal(shards.Primaries.OrderBy(p => p.Port), slots.Primaries.OrderBy(p => p.Port));
        Assert.All(slots.Ranges, r => Assert.Single(r.Replicas));
        for (var slot = 0; slot < HashSlot.Count; slot += 97)
        {
            Assert.Equal(slots.RangeOf(slot)!.Primary, shards.RangeOf(slot)!.Primary);
        }
    }

    [Fact]
    public async Task Hash_slots_match_what_the_server_computes()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var random = new Random(42);
        var keys = new List<byte[]> { "{user1000}.following"u8.ToArray(), "foo{}{bar}"u8.ToArray(), "foo{{bar}}zap"u8.ToArray(), "foo{bar}{zap}"u8.ToArray(), Array.Empty<byte>() };
        for (var i = 0; i < 300; i++)
        {
            var key = new byte[random.Next(1, 40)];
            random.NextBytes(key);
            keys.Add(key);
        }

        foreach (var key in keys)
        {
            var serverSlot = (await client.Execute("CLUSTER", "KEYSLOT", key)).AsInt64();
            Assert.Equal(serverSlot, HashSlot.Of(key));
        }
    }
}
