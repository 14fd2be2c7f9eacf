using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

[Collection(RedisCollectionDefinition.Name)]
public sealed class HashListSetCommandTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Hash_commands(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var key = Prefix(protocol) + "h";
        Assert.Equal(2, await client.HSet(key, [new KeyValuePair<RedisValue, RedisValue>("a", "1"), new("b", "2")]));
        Assert.False(await client.HSet(key, "a", "10"));
        Assert.True(await client.HSetNx(key, "c", "3"));
        Assert.Equal("10", (await client.HGet(key, "a")).ToString());
        var all = await client.HGetAll(key);
        Assert.Equal(3, all.Count);
        Assert.Equal("2", all["b"].ToString());
        Assert.Equal(["10", "", "3"], (await client.HMGet(key, "a", "zz", "c")).Select(v => v.ToString()));
        Assert.True((await client.HMGet(key, "zz"))[0].IsNull);
        Assert.Equal(12, await client.HIncrBy(key, "a", 2));
        Assert.Equal(3.5, await client.HIncrByFloat(key, "c", 0.5));
        Assert.Equal(3, await client.HLen(key));
        Assert.Equal(3, (await client.HKeys(key)).Length);
        Assert.Equal(3, (await client.HVals(key)).Length);
        Assert.Equal(2, await client.HStrLen(key, "a"));
        Assert.True(await client.HExists(key, "b"));
        Assert.Equal(2, (await client.HRandFieldWithValues(key, 2)).Length);
        Assert.Equal(3, (await client.HRandField(key, -3)).Length);
        Assert.Equal(1, await client.HDel(key, "b", "zz"));
        await client.Set(key + "s", "x");
        Assert.Equal("WRONGTYPE", (await Assert.ThrowsAsync<RedisServerException>(async () => await client.HGetAll(key + "s"))).Prefix);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task List_commands(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        Assert.Equal(3, await client.RPush(p + "l", "a", "b", "c"));
        Assert.Equal(4, await client.LPush(p + "l", "z"));
        Assert.Equal(0, await client.LPushX(p + "none", "x"));
        Assert.Equal(5, await client.RPushX(p + "l", "a"));
        Assert.Equal(["z", "a", "b", "c", "a"], (await client.LRange(p + "l")).Select(v => v.ToString()));
        Assert.Equal("b", (await client.LIndex(p + "l", 2)).ToString());
        Assert.Equal(6, await client.LInsert(p + "l", before: true, "b", "q"));
        Assert.Equal(1, await client.LPos(p + "l", "a"));
        Assert.Equal(5, await client.LPos(p + "l", "a", new LPosOptions { Rank = 2 }));
        Assert.Equal(new long[] { 1, 5 }, await client.LPos(p + "l", "a", 0));
        Assert.Null(await client.LPos(p + "l", "nope"));
        await client.LSet(p + "l", 0, "Z");
        Assert.Equal(2, await client.LRem(p + "l", 0, "a"));
        Assert.Equal("Z", (await client.LPop(p + "l")).ToString());
        Assert.Equal(["c"], (await client.RPop(p + "l", 1))!.Select(v => v.ToString()));
        Assert.Null(await client.LPop(p + "none", 2));
        Assert.Equal("b", (await client.LMove(p + "l", p + "l2", ListSide.Right, ListSide.Left)).ToString());
        Assert.Equal("q", (await client.RPopLPush(p + "l", p + "l2")).ToString());
        var popped = await client.LMPop([p + "none", p + "l2"], ListSide.Left, 5);
        Assert.NotNull(popped);
        Assert.Equal(p + "l2", popped!.Key.ToString());
        Assert.Equal(["q", "b"], popped.Items.Select(v => v.ToString()));
        Assert.Null(await client.LMPop([p + "none"], ListSide.Left));
        await client.RPush(p + "t", "1", "2", "3");
        await client.LTrim(p + "t", 0, 0);
        Assert.Equal(1, await client.LLen(p + "t"));
        var outOfRange = await Assert.ThrowsAsync<RedisServerException>(async () => await client.LSet(p + "t", 10, "x"));
        Assert.Contains("index out of range", outOfRange.ServerMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Set_commands(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        Assert.Equal(3, await client.SAdd(p + "a", "1", "2", "3"));
        Assert.Equal(2, await client.SAdd(p + "b", "2", "3"));
        Assert.Equal(3, await client.SCard(p + "a"));
        Assert.Equal(["1"], (await client.SDiff(p + "a", p + "b")).Select(v => v.ToString()));
        Assert.Equal(["2", "3"], (await client.SInter(p + "a", p + "b")).Select(v => v.ToString()).Order());
        Assert.Equal(3, (await client.SUnion(p + "a", p + "b")).Length);
        Assert.Equal(1, await client.SDiffStore(p + "d", p + "a", p + "b"));
        Assert.Equal(2, await client.SInterStore(p + "i", p + "a", p + "b"));
        Assert.Equal(3, await client.SUnionStore(p + "u", p + "a", p + "b"));
        Assert.Equal(1, await client.SInterCard([p + "a", p + "b"], limit: 1));
        Assert.True(await client.SIsMember(p + "a", "1"));
        Assert.Equal(new[] { true, false }, await client.SMIsMember(p + "a", "1", "9"));
        Assert.Equal(3, (await client.SMembers(p + "a")).Length);
        Assert.True(await client.SMove(p + "a", p + "b", "1"));
        Assert.Equal(2, (await client.SRandMember(p + "b", 2)).Length);
        Assert.False((await client.SPop(p + "a")).IsNull);
        Assert.Single(await client.SPop(p + "a", 5));
        Assert.Equal(1, await client.SRem(p + "b", "1", "x"));
        await client.Set(p + "s", "x");
        Assert.Equal("WRONGTYPE", (await Assert.ThrowsAsync<RedisServerException>(async () => await client.SAdd(p + "s", "x"))).Prefix);
    }
}
