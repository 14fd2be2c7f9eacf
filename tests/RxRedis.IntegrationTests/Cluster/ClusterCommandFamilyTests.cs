using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// A representative command of every family on keys owned by each primary in turn: each lands on its slot's
/// primary (checked there directly, with no redirect) and reads back through the client.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterCommandFamilyTests(RedisClusterFixture fixture)
{
    [Fact]
    public async Task A_command_of_every_family_runs_on_the_primary_that_owns_its_key()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        // One hash tag per primary: every family's key under it lives in that primary's slot.
        var tags = client.KeysOnEveryPrimary($"fam:{Guid.NewGuid():N}:", perPrimary: 1).Select(k => "{" + k + "}").ToArray();

        foreach (var tag in tags)
        {
            var owner = fixture.Cluster.Nodes.Single(n => n.Port == client.OwnerPort(tag));
            async Task AssertOnOwner(string key, string type) => Assert.Equal(type, (await owner.ExecRawAsync("TYPE", key)).Trim());

            // strings
            await client.Set(tag + "s", "v");
            Assert.Equal("v", (await client.Get(tag + "s")).ToString());
            await AssertOnOwner(tag + "s", "string");
            // keys
            Assert.True(await client.Expire(tag + "s", TimeSpan.FromMinutes(5)));
            Assert.NotNull(await client.Ttl(tag + "s"));
            // hashes
            await client.HSet(tag + "h", "f", "1");
            Assert.Equal("1", (await client.HGet(tag + "h", "f")).ToString());
            await AssertOnOwner(tag + "h", "hash");
            // lists
            await client.RPush(tag + "l", "a", "b");
            Assert.Equal(["a", "b"], (await client.LRange(tag + "l")).Select(v => v.ToString()));
            await AssertOnOwner(tag + "l", "list");
            // sets
            await client.SAdd(tag + "set", "m");
            Assert.Equal("m", Assert.Single(await client.SMembers(tag + "set")).ToString());
            await AssertOnOwner(tag + "set", "set");
            // sorted sets
            await client.ZAdd(tag + "z", "m", 2.5);
            Assert.Equal(2.5, await client.ZScore(tag + "z", "m"));
            await AssertOnOwner(tag + "z", "zset");
            // streams
            await client.XAdd(tag + "x", [new("f", "v")]);
            Assert.Equal(1, await client.XLen(tag + "x"));
            await AssertOnOwner(tag + "x", "stream");
            // bitmaps
            await client.SetBit(tag + "b", 7, true);
            Assert.Equal(1, await client.BitCount(tag + "b"));
            // HyperLogLog
            await client.PfAdd(tag + "hll", "a", "b", "c");
            Assert.Equal(3, await client.PfCount(tag + "hll"));
            await AssertOnOwner(tag + "hll", "string");
            // geo
            await client.GeoAdd(tag + "g", [new("p1", new GeoPosition(13.361389, 38.115556)), new("p2", new GeoPosition(15.087269, 37.502669))]);
            Assert.InRange(await client.GeoDist(tag + "g", "p1", "p2") ?? 0, 166_000, 167_000);
            await AssertOnOwner(tag + "g", "zset");
            // scripting (by first key)
            Assert.Equal("v", (await client.Eval("return redis.call('GET', KEYS[1])", [tag + "s"])).AsString());
            // multi-key over one slot (one command)
            Assert.Equal(3, await client.Exists(tag + "s", tag + "h", tag + "l"));
        }

        // server: keyless commands go to one node
        Assert.Equal("PONG", (await client.Ping()).ToString());
        Assert.Equal("7", (await client.Info("server"))["redis_version"]?[..1]);
    }
}
