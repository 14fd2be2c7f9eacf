using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// What holds a connection or a block of commands: blocking commands, WATCH and MULTI transactions, batches, and
/// client-side caching, in a cluster.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterConnectionBoundTests(RedisClusterFixture fixture)
{
    [Fact]
    public async Task BLPop_waits_on_the_primary_of_its_key_for_a_key_of_every_primary()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var keys = client.KeysOnEveryPrimary($"blpop:{Guid.NewGuid():N}:", perPrimary: 1);

        var pops = keys.Select(k => client.BLPop([k], TimeSpan.FromSeconds(10)).ToTask()).ToArray();
        await Task.Delay(200);
        foreach (var key in keys)
        {
            await client.RPush(key, "v:" + key);
        }
        var popped = await Task.WhenAll(pops);

        Assert.Equal(keys, popped.Select(p => p!.Value.Key.ToString()));
        Assert.Equal(keys.Select(k => "v:" + k), popped.Select(p => p!.Value.Value.ToString()));
        Assert.Throws<ArgumentException>(() => client.BLPop([keys[0], keys[1]], TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_watch_transaction_on_a_tagged_key_runs_on_its_primary()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var tag = "{watch:" + Guid.NewGuid().ToString("N") + "}";
        RedisKey counter = tag + "counter", log = tag + "log";
        await client.Set(counter, "10");

        var attempts = await client.WatchTransaction([counter], async tx =>
        {
            var value = (long)await client.Get(counter);
            _ = tx.Add(client.Set(counter, value + 1));
            _ = tx.Add(client.RPush(log, "incremented"));
        });

        Assert.Equal(1, attempts);
        Assert.Equal("11", (await client.Get(counter)).ToString());
        Assert.Equal(1, await client.LLen(log));
        Assert.Throws<ArgumentException>(() => client.WatchTransaction(["a", "b"], _ => Task.CompletedTask));
    }

    [Fact]
    public async Task A_watch_transaction_refuses_a_command_of_another_slot_naming_both_slots()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var tag = "{watch:" + Guid.NewGuid().ToString("N") + "}";

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await client.WatchTransaction([tag + "k"], tx =>
        {
            _ = tx.Add(client.Set("elsewhere", "x"));
            return Task.CompletedTask;
        }));

        Assert.Contains($"slot {HashSlot.Of("elsewhere")}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"slot {HashSlot.Of(tag)}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_runs_on_the_primary_of_its_slot_and_refuses_keys_of_another_slot()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var keys = client.KeysOnEveryPrimary($"multi:{Guid.NewGuid():N}:", perPrimary: 1);
        foreach (var key in keys)
        {
            var tx = client.CreateTransaction();
            var incr = tx.Add(client.Incr(key));
            var get = tx.Add(client.Get(key));

            Assert.True(await tx.Execute());
            Assert.Equal(1, await incr);
            Assert.Equal("1", (await get).ToString());
        }

        var mixed = client.CreateTransaction();
        _ = mixed.Add(client.Incr(keys[0]));
        var error = Assert.Throws<ArgumentException>(() => mixed.Add(client.Incr(keys[1])));
        Assert.Contains($"slot {HashSlot.Of(keys[1])}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_over_every_primary_goes_as_one_block_per_node_with_each_result_in_place()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var keys = client.KeysOnEveryPrimary($"batch:{Guid.NewGuid():N}:", perPrimary: 4);
        var batch = client.CreateBatch();
        var sets = keys.Select(k => batch.Add(client.Set(k, "v:" + k))).ToArray();
        var gets = keys.Select(k => batch.Add(client.Get(k))).ToArray();

        await batch.Execute();

        Assert.All(await Task.WhenAll(sets.Select(s => s.ToTask())), Assert.True);
        Assert.Equal(keys.Select(k => "v:" + k), (await Task.WhenAll(gets.Select(g => g.ToTask()))).Select(v => v.ToString()));
    }

    [Fact]
    public async Task Client_side_caching_is_refused_on_a_cluster()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.EnableClientCacheAsync());

        Assert.Contains("cluster", error.Message, StringComparison.Ordinal);
    }
}
