using System.Reactive.Linq;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>Multi-key commands whose keys span slots: split per slot, results merged in the caller's order.</summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterMultiKeyTests(RedisClusterFixture fixture)
{
    [Fact]
    public async Task MSet_and_MGet_over_keys_of_every_primary_keep_the_callers_order_with_nulls_for_missing_keys()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var keys = client.KeysOnEveryPrimary($"mk:{Guid.NewGuid():N}:", perPrimary: 4);
        var written = keys.Where((_, i) => i % 3 != 1).ToArray(); // every third key stays missing

        await client.MSet(written.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "v:" + k)));
        var values = await client.MGet([.. keys.Select(k => (RedisKey)k)]);

        Assert.Equal(keys.Select(k => written.Contains(k) ? "v:" + k : null), values.Select(v => v.IsNull ? null : v.ToString()));
        foreach (var key in written)
        {
            var owner = fixture.Cluster.Nodes.Single(n => n.Port == client.OwnerPort(key));
            Assert.Equal("v:" + key, (await owner.ExecRawAsync("GET", key)).Trim()); // each key on its own slot's primary
        }
    }

    [Fact]
    public async Task Exists_Touch_Unlink_and_Del_sum_the_counts_of_every_slot()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var keys = client.KeysOnEveryPrimary($"mk:{Guid.NewGuid():N}:", perPrimary: 3).Select(k => (RedisKey)k).ToArray();
        await client.MSet(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "x")));
        RedisKey missing = $"mk:missing:{Guid.NewGuid():N}";

        Assert.Equal(keys.Length + 1, await client.Exists([.. keys, missing, keys[0]])); // a key named twice counts twice
        Assert.Equal(keys.Length, await client.Touch([.. keys, missing]));
        Assert.Equal(3, await client.Unlink(keys[0], keys[1], keys[2], missing));
        Assert.Equal(keys.Length - 3, await client.Del([.. keys, missing]));
        Assert.Equal(0, await client.Exists(keys));
    }

    [Fact]
    public async Task Keys_of_one_slot_still_go_as_one_command()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var tag = "{mk:" + Guid.NewGuid().ToString("N") + "}";
        RedisKey[] keys = [tag + "a", tag + "b", tag + "c"];

        await client.MSet(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, k.ToString())));

        Assert.IsNotType<SplitCommand<RedisValue[], RedisValue[]>>(client.MGet(keys));
        Assert.Equal(keys.Select(k => k.ToString()), (await client.MGet(keys)).Select(v => v.ToString()));
        Assert.Equal(3, await client.Del(keys));
    }

    [Fact]
    public async Task A_split_command_is_cold_and_sends_once_per_subscription()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var keys = client.KeysOnEveryPrimary($"mk:{Guid.NewGuid():N}:", perPrimary: 1).Select(k => (RedisKey)k).ToArray();
        await client.MSet(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "x")));

        var del = client.Del(keys);
        Assert.Equal(3, await client.Exists(keys)); // building it sent nothing

        Assert.Equal(3, await del);
        Assert.Equal(0, await del.FirstAsync()); // a second subscription sends again
        // Disposal before the replies: RxRedis.Tests SplitCommandDisposalTests, where the fake holds the replies until
        // the test has disposed (here they could beat a preempted test thread to Dispose).
    }

    [Fact]
    public async Task Other_multi_key_commands_over_slots_still_fail_at_the_call()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);

        var error = Assert.Throws<ArgumentException>(() => client.MSetNx([new("a", "1"), new("b", "2")]));
        Assert.Contains("MSETNX", error.Message, StringComparison.Ordinal);
        Assert.Contains($"({HashSlot.Of("a")} and {HashSlot.Of("b")})", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => client.SUnionStore("dest", "a", "b"));
    }
}
