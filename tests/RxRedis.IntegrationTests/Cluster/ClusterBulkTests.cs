using System.Reactive.Linq;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>Bulk operations in a cluster: chunks split per node, results in input order, redirects followed per item.</summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterBulkTests(RedisClusterFixture fixture)
{
    [Fact]
    public async Task Fifty_thousand_SETs_then_GETs_spread_over_every_primary_come_back_in_input_order()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var p = $"bulk:{Guid.NewGuid():N}:";
        const int Count = 50_000;

        await BulkRoundTrip.AssertEveryValueComesBackInOrderAsync(client, p, Count);
        foreach (var primary in await fixture.Cluster.PrimariesAsync())
        {
            Assert.True(long.Parse((await primary.ExecRawAsync("DBSIZE")).Trim(), System.Globalization.CultureInfo.InvariantCulture) > Count / 4);
        }
    }

    [Fact]
    public async Task A_failing_item_is_reported_in_place_and_the_rest_of_every_node_completes()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var p = $"bulk:{Guid.NewGuid():N}:";
        await client.LPush(p + "50", "a list, not a string");

        var results = await client.Bulk(Enumerable.Range(0, 300), i => client.Incr(p + i), new BulkOptions { ChunkSize = 16, MaxInFlight = 64 }).ToList();

        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), results.Select(r => r.Index));
        var failed = Assert.Single(results, r => !r.IsSuccess);
        Assert.Equal(50, failed.Input);
        Assert.Equal("WRONGTYPE", Assert.IsType<RedisServerException>(failed.Error).Prefix);
        Assert.All(results.Where(r => r.IsSuccess), r => Assert.Equal(1, r.Value));
    }

    [Fact]
    public async Task Items_of_a_slot_being_migrated_follow_ASK_and_then_MOVED_instead_of_failing()
    {
        // No periodic refresh: the client learns about the move only from the redirects.
        await using var client = await ClusterTestClient.ConnectWithoutRefreshAsync(fixture);
        var p = $"bulk:{Guid.NewGuid():N}:";
        var tag = "{bulkmove:" + Guid.NewGuid().ToString("N") + "}";
        var slot = HashSlot.Of(tag);
        // Half of the keys share the migrating slot; the rest are spread over every node.
        var keys = Enumerable.Range(0, 2000).Select(i => i % 2 == 0 ? $"{tag}{i}" : p + i).ToArray();
        Assert.Empty(await client.BulkSet(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "old:" + k)), new BulkOptions { Results = BulkResults.ErrorsOnly }).ToList());
        var source = await fixture.Cluster.OwnerOfAsync(slot);
        var target = (await fixture.Cluster.PrimariesAsync()).First(n => n != source);

        await ClusterSlotMigration.BeginAsync(slot, source, target);
        try
        {
            // Half the slot's keys move: the source still answers for the rest and says ASK for these.
            Assert.Equal(500, await ClusterSlotMigration.MigrateKeysAsync(slot, source, target, batch: 500));
            var during = await client.BulkGet(keys.Select(k => (RedisKey)k), new BulkOptions { ChunkSize = 64, MaxInFlight = 512 }).ToList();
            Assert.All(during, r => Assert.Null(r.Error));
            Assert.Equal(keys.Select(k => "old:" + k), during.Select(r => r.Value.ToString()));
            Assert.Empty(await client.BulkSet(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "new:" + k)), new BulkOptions { Results = BulkResults.ErrorsOnly }).ToList());
            while (await ClusterSlotMigration.MigrateKeysAsync(slot, source, target) > 0)
            {
            }
        }
        finally
        {
            await fixture.Cluster.FinishAsync(slot, target);
        }

        var after = await client.BulkGet(keys.Select(k => (RedisKey)k)).ToList(); // the map still says source: MOVED
        Assert.All(after, r => Assert.Null(r.Error));
        Assert.Equal(keys.Select(k => "new:" + k), after.Select(r => r.Value.ToString()));
        Assert.Equal(target.Port, client.ClusterRouter!.Route(slot, RxRedis.Commands.CommandFlags.None).EndPoint.Port);
        Assert.Equal("new:" + keys[0], (await target.ExecRawAsync("GET", keys[0])).Trim());
    }

    [Fact]
    public async Task A_bulk_from_an_observable_keeps_its_window_in_a_cluster()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var p = $"bulk:{Guid.NewGuid():N}:";

        var results = await client.BulkSet(
                Observable.Range(0, 5000).Select(i => new KeyValuePair<RedisKey, RedisValue>(p + i, i)),
                new BulkOptions { ChunkSize = 32, MaxInFlight = 256 })
            .ToList();

        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (long)i), results.Select(r => r.Index));
        Assert.All(results, r => Assert.True(r.Value));
        Assert.Equal("4999", (await client.Get(p + 4999)).ToString());
    }
}
