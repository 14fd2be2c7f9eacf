using System.Reactive.Linq;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>Scripts go to the node that owns their first key; NOSCRIPT falls back to EVAL on that node.</summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterScriptTests(RedisClusterFixture fixture)
{
    [Fact]
    public async Task Eval_runs_on_the_primary_that_owns_its_first_key()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var keys = client.KeysOnEveryPrimary($"eval:{Guid.NewGuid():N}:", perPrimary: 1);

        foreach (var key in keys)
        {
            await client.Eval("return redis.call('SET', KEYS[1], ARGV[1])", [key], ["by script"]);
            var owner = fixture.Cluster.Nodes.Single(n => n.Port == client.OwnerPort(key));
            Assert.Equal("by script", (await owner.ExecRawAsync("GET", key)).Trim());
        }
        var tag = "{eval:" + Guid.NewGuid().ToString("N") + "}";
        Assert.Equal(2, (await client.Eval("redis.call('SET', KEYS[1], 1); redis.call('SET', KEYS[2], 1); return 2", [tag + "a", tag + "b"])).AsInt64());
        Assert.Throws<ArgumentException>(() => client.Eval("return 1", [keys[0], keys[1]]));
    }

    [Fact]
    public async Task A_script_unknown_to_each_node_falls_back_to_eval_there_and_is_cached_per_node()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var script = new RedisScript($"return redis.call('INCR', KEYS[1]) -- {Guid.NewGuid():N}");
        var keys = client.KeysOnEveryPrimary($"noscript:{Guid.NewGuid():N}:", perPrimary: 1);

        foreach (var key in keys)
        {
            Assert.Equal(1, (await client.Eval(script, [key])).AsInt64()); // NOSCRIPT, then EVAL on the key's node
            Assert.Equal(2, (await client.Eval(script, [key])).AsInt64()); // EVALSHA now hits
        }

        Assert.Equal(new[] { true }, await client.ScriptExists(script.Sha1)); // every primary has it now
    }
}
