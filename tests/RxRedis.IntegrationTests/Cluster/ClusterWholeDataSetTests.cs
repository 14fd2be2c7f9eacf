using System.Reactive.Linq;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>Keyless commands about the whole data set: SCAN, KEYS, DBSIZE, FLUSHDB and the script and function caches, over every primary.</summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterWholeDataSetTests(RedisClusterFixture fixture)
{
    [Fact]
    public async Task Scan_walks_every_primary_and_returns_every_key_exactly_once()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var prefix = $"scan:{Guid.NewGuid():N}:";
        var keys = Enumerable.Range(0, 900).Select(i => prefix + i).ToArray();
        await client.MSet(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "x")));
        var options = new ScanOptions { Match = prefix + "*", Count = 50 };

        var seen = await client.Scan(options).Select(k => k.ToString()).ToList();
        var viaAsync = new List<string>();
        await foreach (var key in client.ScanAsync(options))
        {
            viaAsync.Add(key.ToString());
        }

        Assert.Equal(keys.Length, seen.Count); // no duplicates
        Assert.Equal(keys.Order(), seen.Order());
        Assert.Equal(keys.Order(), viaAsync.Order());
        Assert.Equal(3, keys.Select(k => client.OwnerPort(k)).Distinct().Count());
    }

    [Fact]
    public async Task DbSize_sums_and_Keys_concatenates_every_primary()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var prefix = $"size:{Guid.NewGuid():N}:";
        var keys = client.KeysOnEveryPrimary(prefix, perPrimary: 5);
        await client.MSet(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "x")));
        var perPrimary = 0L;
        foreach (var primary in await fixture.Cluster.PrimariesAsync())
        {
            perPrimary += long.Parse((await primary.ExecRawAsync("DBSIZE")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(perPrimary, await client.DbSize());
        Assert.Equal(keys.Order(), (await client.Keys(prefix + "*")).Select(k => k.ToString()).Order());
    }

    [Fact]
    public async Task FlushDb_empties_every_primary()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var keys = client.KeysOnEveryPrimary($"flush:{Guid.NewGuid():N}:", perPrimary: 2);
        await client.MSet(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "x")));

        await client.FlushDb();

        Assert.Equal(0, await client.DbSize());
    }

    [Fact]
    public async Task Script_load_flush_and_exists_act_on_every_primary()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var script = $"return '{Guid.NewGuid():N}'";

        var sha = await client.ScriptLoad(script);

        Assert.Equal(new[] { true }, await client.ScriptExists(sha));
        foreach (var primary in await fixture.Cluster.PrimariesAsync())
        {
            Assert.Contains("1", await primary.ExecRawAsync("SCRIPT", "EXISTS", sha), StringComparison.Ordinal);
        }
        var primaries = await fixture.Cluster.PrimariesAsync();
        await primaries[1].ExecRawAsync("SCRIPT", "FLUSH");
        Assert.Equal(new[] { false }, await client.ScriptExists(sha)); // missing on one primary: EVALSHA could fail there

        await client.ScriptFlush();
        foreach (var primary in primaries)
        {
            Assert.Contains("0", await primary.ExecRawAsync("SCRIPT", "EXISTS", sha), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Function_load_and_delete_act_on_every_primary_so_fcall_works_for_keys_of_every_primary()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var library = "lib" + Guid.NewGuid().ToString("N");
        var code = $"#!lua name={library}\nredis.register_function('{library}_get', function(keys, args) return redis.call('GET', keys[1]) end)";
        var keys = client.KeysOnEveryPrimary($"fn:{Guid.NewGuid():N}:", perPrimary: 1);
        await client.MSet(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "v:" + k)));

        Assert.Equal(library, await client.FunctionLoad(code));
        foreach (var key in keys)
        {
            Assert.Equal("v:" + key, (await client.FCall(library + "_get", [key])).AsString());
        }

        await client.FunctionDelete(library);
        foreach (var key in keys)
        {
            await Assert.ThrowsAsync<RedisServerException>(async () => await client.FCall(library + "_get", [key]));
        }
    }
}
