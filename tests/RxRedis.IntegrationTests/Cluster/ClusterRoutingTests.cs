using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>The client against a real 3+3 cluster: slot routing, redirects, and what fails before sending.</summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterRoutingTests(RedisClusterFixture fixture)
{
    private Task<RedisClient> ConnectAsync(RedisProtocol protocol = RedisProtocol.Resp3, Action<ClusterOptions>? configure = null)
    {
        var options = new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Cluster.Nodes[0].Port),
            Protocol = protocol,
            Cluster = { Enabled = true },
        };
        configure?.Invoke(options.Cluster);
        return RedisClient.ConnectAsync(options);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Keys_of_every_slot_range_are_written_and_read_on_their_owner(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var prefix = $"route:{protocol}:{Guid.NewGuid():N}:";
        var keys = Enumerable.Range(0, 600).Select(i => prefix + i).ToArray();

        await Task.WhenAll(keys.Select(k => client.Set(k, "v:" + k).ToTask()));
        var values = await Task.WhenAll(keys.Select(k => client.Get(k).ToTask()));

        Assert.Equal(keys.Select(k => "v:" + k), values.Select(v => v.ToString()));
        // Every key sits on the primary that owns its slot (asked of that node directly, no redirect allowed).
        foreach (var key in keys.Take(30))
        {
            var owner = await fixture.Cluster.OwnerOfAsync(HashSlot.Of(key));
            Assert.Equal("v:" + key, (await owner.ExecRawAsync("GET", key)).Trim());
        }
        Assert.Equal(3, client.ClusterRouter!.Topology.Primaries.Count);
    }

    [Fact]
    public async Task A_command_over_keys_of_different_slots_throws_at_the_call_naming_both_slots()
    {
        await using var client = await ConnectAsync();

        var error = Assert.Throws<ArgumentException>(() => client.Rename("a", "b"));

        Assert.Contains($"({HashSlot.Of("a")} and {HashSlot.Of("b")})", error.Message, StringComparison.Ordinal);
        Assert.Contains("hash tag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_sharing_a_hash_tag_go_together_in_one_command()
    {
        await using var client = await ConnectAsync();
        var tag = "{tag:" + Guid.NewGuid().ToString("N") + "}";

        await client.Set(tag + "a", "1");
        await client.Rename(tag + "a", tag + "b");

        Assert.Equal("1", (await client.Get(tag + "b")).ToString());
        Assert.True((await client.Get(tag + "a")).IsNull);
    }

    [Fact]
    public async Task A_moved_slot_is_followed_with_one_redirect_and_the_map_is_patched()
    {
        await using var client = await ConnectAsync(configure: c => c.TopologyRefreshInterval = Timeout.InfiniteTimeSpan);
        var key = "moved:" + Guid.NewGuid().ToString("N");
        var slot = HashSlot.Of(key);
        await client.Set(key, "before");
        var (source, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);

        await fixture.Cluster.MoveSlotAsync(slot, target);

        Assert.Equal("before", (await client.Get(key)).ToString()); // MOVED, then the new owner answers
        await client.Set(key, "after");
        Assert.Equal("after", (await target.ExecRawAsync("GET", key)).Trim());
        Assert.Equal(target.Port, client.ClusterRouter!.Route(slot, RxRedis.Commands.CommandFlags.None).EndPoint.Port);
    }

    [Fact]
    public async Task A_key_already_migrated_is_reached_through_ask_without_changing_the_map()
    {
        await using var client = await ConnectAsync(configure: c => c.TopologyRefreshInterval = Timeout.InfiniteTimeSpan);
        var tag = "{ask:" + Guid.NewGuid().ToString("N") + "}";
        var slot = HashSlot.Of(tag);
        await client.Set(tag + "moved", "there");
        var (source, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);

        await ClusterSlotMigration.BeginAsync(slot, source, target);
        try
        {
            await ClusterSlotMigration.MigrateKeysAsync(slot, source, target);

            Assert.Equal("there", (await client.Get(tag + "moved")).ToString()); // source says ASK; ASKING + GET on target
            await client.Set(tag + "new", "created on the target"); // a new key of a migrating slot goes to the target too
            Assert.Equal(source.Port, client.ClusterRouter!.Route(slot, RxRedis.Commands.CommandFlags.None).EndPoint.Port);
        }
        finally
        {
            await fixture.Cluster.FinishAsync(slot, target);
        }
        Assert.Equal("created on the target", (await target.ExecRawAsync("GET", tag + "new")).Trim());
        Assert.Equal("there", (await client.Get(tag + "moved")).ToString());
    }

    [Fact]
    public async Task With_replica_reads_on_reads_are_served_by_replicas()
    {
        await using var client = await ConnectAsync(configure: c => c.ReadFromReplicas = true);
        var replicas = new List<RedisServerProcess>();
        foreach (var node in fixture.Cluster.Nodes.Where(n => n.IsRunning))
        {
            if ((await node.ExecRawAsync("ROLE")).StartsWith("slave", StringComparison.Ordinal))
            {
                replicas.Add(node);
                await node.ExecRawAsync("CONFIG", "RESETSTAT");
            }
        }
        var keys = Enumerable.Range(0, 300).Select(i => $"replica-read:{Guid.NewGuid():N}:{i}").ToArray();

        await Task.WhenAll(keys.Select(k => client.Set(k, k).ToTask()));
        foreach (var key in keys)
        {
            // Replication is asynchronous: a replica may not have the write yet.
            var value = RedisValue.Null;
            for (var attempt = 0; attempt < 100 && value.IsNull; attempt++)
            {
                value = await client.Get(key);
                if (value.IsNull)
                {
                    await Task.Delay(10);
                }
            }
            Assert.Equal(key, value.ToString());
        }

        var replicaGets = 0L;
        foreach (var replica in replicas)
        {
            var stats = await replica.ExecRawAsync("INFO", "commandstats");
            var line = stats.Split('\n').FirstOrDefault(l => l.StartsWith("cmdstat_get:calls=", StringComparison.Ordinal));
            replicaGets += line is null ? 0 : long.Parse(line["cmdstat_get:calls=".Length..line.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.True(replicaGets >= keys.Length, $"replicas served {replicaGets} of at least {keys.Length} GETs");
    }

    [Fact]
    public async Task A_connection_string_with_seed_nodes_and_cluster_true_connects_to_the_whole_cluster()
    {
        // The first seed is a port nothing listens on: the next seed answers.
        await using var client = await RedisClient.ConnectAsync($"{RedisServerProcess.Host}:{FreePort.Next()},{fixture.Cluster.Nodes[1].Endpoint},cluster=true,connectTimeout=2000");
        var keys = Enumerable.Range(0, 100).Select(i => $"by-string:{Guid.NewGuid():N}:{i}").ToArray();

        await Task.WhenAll(keys.Select(k => client.Set(k, k).ToTask()));

        Assert.Equal(keys, (await Task.WhenAll(keys.Select(k => client.Get(k).ToTask()))).Select(v => v.ToString()));
        Assert.Equal(3, client.ClusterRouter!.Topology.Primaries.Count);
    }

    [Fact]
    public async Task Connecting_to_a_server_that_is_not_a_cluster_says_so()
    {
        await using var server = await RedisServerProcess.StartAsync();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, server.Port),
            Cluster = { Enabled = true },
        }));

        Assert.Contains("not in cluster mode", error.Message, StringComparison.Ordinal);
    }
}
