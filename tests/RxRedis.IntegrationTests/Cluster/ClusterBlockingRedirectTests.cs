using System.Reactive.Threading.Tasks;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// Blocking commands on a slot that moved or is moving: they follow <c>MOVED</c> to the new owner's dedicated pool
/// and <c>ASK</c> to the importing node's, instead of failing with the redirect.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterBlockingRedirectTests(RedisClusterFixture fixture)
{
    // No periodic refresh: the client learns about a move only from the redirects.
    private Task<RedisClient> ConnectAsync() => ClusterTestClient.ConnectWithoutRefreshAsync(fixture);

    [Fact]
    public async Task BLPop_on_a_slot_moved_after_the_map_was_read_follows_one_MOVED_to_the_new_owner()
    {
        await using var client = await ConnectAsync();
        var key = "blmoved:" + Guid.NewGuid().ToString("N");
        var slot = HashSlot.Of(key);
        await client.RPush(key, "a");
        var (source, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);
        await fixture.Cluster.MoveSlotAsync(slot, target);
        var moved = client.ClusterRouter!.MovedRedirects;

        var popped = await client.BLPop([key], TimeSpan.FromSeconds(5)).ToTask();

        Assert.Equal("a", popped!.Value.Value.ToString());
        Assert.Equal(1, client.ClusterRouter.MovedRedirects - moved);
        Assert.Equal(target.Port, client.OwnerPort(key));
        Assert.Equal("0", (await target.ExecRawAsync("EXISTS", key)).Trim()); // popped on the new owner
    }

    [Fact]
    public async Task BLPop_blocked_while_its_slot_moves_is_unblocked_with_MOVED_and_waits_on_the_new_owner()
    {
        await using var client = await ConnectAsync();
        var key = "blwait:" + Guid.NewGuid().ToString("N");
        var slot = HashSlot.Of(key);
        var (source, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);
        var pop = client.BLPop([key], TimeSpan.FromSeconds(20)).ToTask();
        await WaitUntilAsync(async () => (await source.ExecRawAsync("INFO", "clients")).Contains("blocked_clients:1", StringComparison.Ordinal));

        await fixture.Cluster.MoveSlotAsync(slot, target);
        // The source unblocks it with MOVED (checked on its client cron); it then waits on the target.
        await WaitUntilAsync(async () => (await target.ExecRawAsync("INFO", "clients")).Contains("blocked_clients:1", StringComparison.Ordinal));
        await client.RPush(key, "late");

        var popped = await pop;
        Assert.Equal("late", popped!.Value.Value.ToString());
        Assert.Equal(target.Port, client.OwnerPort(key));
    }

    [Fact]
    public async Task BLPop_of_a_key_already_migrated_follows_ASK_to_the_importing_node()
    {
        await using var client = await ConnectAsync();
        var tag = "{blask:" + Guid.NewGuid().ToString("N") + "}";
        var slot = HashSlot.Of(tag);
        await client.RPush(tag + "list", "there");
        var (source, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);
        var asked = client.ClusterRouter!.AskRedirects;

        await ClusterSlotMigration.BeginAsync(slot, source, target);
        try
        {
            await ClusterSlotMigration.MigrateKeyAsync(tag + "list", source, target);

            var popped = await client.BLPop([tag + "list"], TimeSpan.FromSeconds(5)).ToTask(); // source: ASK; ASKING + BLPOP on target

            Assert.Equal("there", popped!.Value.Value.ToString());
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
        Assert.Equal("0", (await target.ExecRawAsync("EXISTS", tag + "list")).Trim());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("The condition did not hold within 5 s.");
    }
}
