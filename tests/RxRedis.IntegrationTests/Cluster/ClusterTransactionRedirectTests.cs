using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// Transactions on a slot that moved or is moving: the server runs none of it (the queued commands answer
/// <c>MOVED</c>/<c>ASK</c>, <c>EXEC</c> answers <c>EXECABORT</c>), so the client sends the whole transaction again
/// where the redirect points, and it runs there once.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterTransactionRedirectTests(RedisClusterFixture fixture)
{
    // No periodic refresh: the client learns about a move only from the redirects.
    private Task<RedisClient> ConnectAsync() => ClusterTestClient.ConnectWithoutRefreshAsync(fixture);

    [Fact]
    public async Task A_transaction_on_a_slot_moved_after_the_map_was_read_runs_once_on_the_new_owner()
    {
        await using var client = await ConnectAsync();
        var tag = "{txmoved:" + Guid.NewGuid().ToString("N") + "}";
        var slot = HashSlot.Of(tag);
        await client.Set(tag + "n", "1");
        var (source, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);
        await fixture.Cluster.MoveSlotAsync(slot, target);
        var moved = client.ClusterRouter!.MovedRedirects;

        var transaction = client.CreateTransaction();
        var incr = transaction.Add(client.Incr(tag + "n"));
        var set = transaction.Add(client.Set(tag + "other", "x"));
        Assert.True(await transaction.Execute());

        Assert.Equal(2, await incr); // applied exactly once
        await set;
        Assert.Equal(1, client.ClusterRouter.MovedRedirects - moved);
        Assert.Equal("2", (await target.ExecRawAsync("GET", tag + "n")).Trim());
        Assert.Equal("x", (await target.ExecRawAsync("GET", tag + "other")).Trim());
        Assert.Equal(target.Port, client.OwnerPort(tag));
    }

    [Fact]
    public async Task A_transaction_on_a_key_already_migrated_follows_ASK_with_ASKING_before_MULTI()
    {
        await using var client = await ConnectAsync();
        var tag = "{txask:" + Guid.NewGuid().ToString("N") + "}";
        var slot = HashSlot.Of(tag);
        await client.Set(tag + "n", "10");
        var (source, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);
        var asked = client.ClusterRouter!.AskRedirects;

        await ClusterSlotMigration.BeginAsync(slot, source, target);
        try
        {
            await ClusterSlotMigration.MigrateKeyAsync(tag + "n", source, target);

            var transaction = client.CreateTransaction();
            var first = transaction.Add(client.Incr(tag + "n"));
            var second = transaction.Add(client.Incr(tag + "n"));
            Assert.True(await transaction.Execute());

            Assert.Equal(11, await first);
            Assert.Equal(12, await second);
            Assert.Equal(1, client.ClusterRouter.AskRedirects - asked);
            Assert.Equal(source.Port, client.OwnerPort(tag)); // ASK leaves the map alone
        }
        finally
        {
            // The slot may hold other tests' keys: they go too, or the source refuses to give the slot away.
            while (await ClusterSlotMigration.MigrateKeysAsync(slot, source, target) > 0)
            {
            }
            await fixture.Cluster.FinishAsync(slot, target);
        }
        Assert.Equal("12", (await target.ExecRawAsync("GET", tag + "n")).Trim());
    }

    [Fact]
    public async Task A_watch_transaction_on_a_moved_slot_watches_again_on_the_new_owner_and_commits_once()
    {
        await using var client = await ConnectAsync();
        var key = "txwatch:" + Guid.NewGuid().ToString("N");
        var slot = HashSlot.Of(key);
        await client.Set(key, "5");
        var (source, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);
        await fixture.Cluster.MoveSlotAsync(slot, target);
        var moved = client.ClusterRouter!.MovedRedirects;

        var attempts = await client.WatchTransaction([key], async transaction =>
        {
            var value = (long)await client.Get(key);
            _ = transaction.Add(client.Set(key, value * 2));
        }).ToTask();

        Assert.Equal(1, attempts);
        Assert.Equal("10", (await target.ExecRawAsync("GET", key)).Trim());
        Assert.True(client.ClusterRouter.MovedRedirects - moved >= 1); // WATCH's (the body's GET may have been first)
    }
}
