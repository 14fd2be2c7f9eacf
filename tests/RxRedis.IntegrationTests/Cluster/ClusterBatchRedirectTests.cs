using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>Batch items on a slot that moved or is moving are sent on to the node the redirect names, instead of failing.</summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterBatchRedirectTests(RedisClusterFixture fixture)
{
    // No periodic refresh: the client learns about a move only from the redirects.
    private Task<RedisClient> ConnectAsync() => ClusterTestClient.ConnectWithoutRefreshAsync(fixture);

    [Fact]
    public async Task Items_of_a_slot_moved_after_the_map_was_read_follow_MOVED_and_the_others_run_where_they_are()
    {
        await using var client = await ConnectAsync();
        var tag = "{batchmoved:" + Guid.NewGuid().ToString("N") + "}";
        var slot = HashSlot.Of(tag);
        var others = client.KeysOnEveryPrimary($"batchmoved:{Guid.NewGuid():N}:", perPrimary: 2);
        await client.Set(tag + "a", "1");
        var (source, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);
        await fixture.Cluster.MoveSlotAsync(slot, target);
        var moved = client.ClusterRouter!.MovedRedirects;

        var batch = client.CreateBatch();
        var incr = batch.Add(client.Incr(tag + "a"));
        var set = batch.Add(client.Set(tag + "b", "new"));
        var sets = others.Select(k => batch.Add(client.Set(k, "v:" + k))).ToArray();
        var get = batch.Add(client.Get(tag + "a"));
        await batch.Execute();

        Assert.Equal(2, await incr);
        await set;
        await Task.WhenAll(sets.Select(s => s.ToTask()));
        Assert.Equal("2", (await get).ToString());
        Assert.Equal(3, client.ClusterRouter.MovedRedirects - moved); // the moved slot's three items, one redirect each
        Assert.Equal("new", (await target.ExecRawAsync("GET", tag + "b")).Trim());
        Assert.Equal(others.Select(k => "v:" + k), (await Task.WhenAll(others.Select(k => client.Get(k).ToTask()))).Select(v => v.ToString()));
    }

    [Fact]
    public async Task Items_of_keys_already_migrated_follow_ASK_and_the_rest_of_the_slot_stays_on_the_source()
    {
        await using var client = await ConnectAsync();
        var tag = "{batchask:" + Guid.NewGuid().ToString("N") + "}";
        var slot = HashSlot.Of(tag);
        await client.Set(tag + "moving", "there");
        await client.Set(tag + "staying", "here");
        var (source, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);
        var asked = client.ClusterRouter!.AskRedirects;

        await ClusterSlotMigration.BeginAsync(slot, source, target);
        try
        {
            // Only one key leaves: the source keeps answering for the other and says ASK for it.
            await ClusterSlotMigration.MigrateKeyAsync(tag + "moving", source, target);

            var batch = client.CreateBatch();
            var moving = batch.Add(client.Get(tag + "moving"));
            var staying = batch.Add(client.Get(tag + "staying"));
            var created = batch.Add(client.Set(tag + "new", "on the target"));
            await batch.Execute();

            Assert.Equal("there", (await moving).ToString());
            Assert.Equal("here", (await staying).ToString());
            await created;
            Assert.Equal(2, client.ClusterRouter.AskRedirects - asked);
            Assert.Equal(source.Port, client.OwnerPort(tag)); // ASK leaves the map alone
        }
        finally
        {
            while (await ClusterSlotMigration.MigrateKeysAsync(slot, source, target) > 0)
            {
            }
            await fixture.Cluster.FinishAsync(slot, target);
        }
        Assert.Equal("on the target", (await target.ExecRawAsync("GET", tag + "new")).Trim());
    }
}
