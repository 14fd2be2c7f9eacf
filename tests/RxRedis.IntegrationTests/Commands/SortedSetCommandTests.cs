using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

[Collection(RedisCollectionDefinition.Name)]
public sealed class SortedSetCommandTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Add_options_ranges_and_scores(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var key = Prefix(protocol) + "z";
        Assert.Equal(3, await client.ZAdd(key, [new("a", 1), new("b", 2), new("c", 3)]));
        Assert.False(await client.ZAdd(key, "a", 5, new ZAddOptions { Condition = SetCondition.NotExists }));
        Assert.True(await client.ZAdd(key, "a", 1.5, new ZAddOptions { Changed = true }));
        Assert.False(await client.ZAdd(key, "a", 0.5, new ZAddOptions { Comparison = ZAddComparison.GreaterThan, Changed = true }));
        Assert.Null(await client.ZAddIncr(key, "new", 1, new ZAddOptions { Condition = SetCondition.Exists }));
        Assert.Equal(2.5, await client.ZAddIncr(key, "a", 1));
        Assert.Equal(["b", "a", "c"], (await client.ZRange(key, 0, -1)).Select(v => v.ToString()));
        Assert.Equal(["c", "a"], (await client.ZRange(key, "+inf", "(2", new ZRangeOptions { By = ZRangeBy.Score, Reverse = true })).Select(v => v.ToString()));
        var withScores = await client.ZRangeWithScores(key, 0, 0);
        Assert.Equal(new SortedSetEntry("b", 2), withScores.Single());
        Assert.Equal(["a"], (await client.ZRange(key, "-inf", "+inf", new ZRangeOptions { By = ZRangeBy.Score, Offset = 1, Count = 1 })).Select(v => v.ToString()));
        Assert.Equal(2, await client.ZRangeStore(key + "copy", key, 0, 1));
        Assert.Equal(2.5, await client.ZScore(key, "a"));
        Assert.Null(await client.ZScore(key, "nope"));
        Assert.Equal([2.5, null], await client.ZMScore(key, "a", "nope"));
        Assert.Equal(0, await client.ZRank(key, "b"));
        Assert.Equal(0, await client.ZRevRank(key, "c"));
        Assert.Null(await client.ZRank(key, "nope"));
        Assert.Equal(2, await client.ZCount(key, "2", "(3"));
        Assert.Equal(3.5, await client.ZIncrBy(key, 1, "a"));
        Assert.Equal(3, await client.ZCard(key));
        Assert.Equal(2, (await client.ZRandMemberWithScores(key, 2)).Length);
        Assert.Equal(5, (await client.ZRandMember(key, -5)).Length);
        await Assert.ThrowsAsync<ArgumentException>(() => client.ZRange(key, 0, 1, new ZRangeOptions { Count = 1 }).ToTask());
        var badRange = await Assert.ThrowsAsync<RedisServerException>(async () => await client.ZRange(key, "x", "y", new ZRangeOptions { By = ZRangeBy.Score }));
        Assert.Contains("not a float", badRange.ServerMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Lex_pops_and_stores(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        await client.ZAdd(p + "lex", [new("a", 0), new("b", 0), new("c", 0), new("d", 0)]);
        Assert.Equal(["b", "c"], (await client.ZRange(p + "lex", "[b", "(d", new ZRangeOptions { By = ZRangeBy.Lex })).Select(v => v.ToString()));
        Assert.Equal(3, await client.ZLexCount(p + "lex", "[b", "+"));
        Assert.Equal(1, await client.ZRemRangeByLex(p + "lex", "[d", "+"));
        Assert.Equal(1, await client.ZRemRangeByRank(p + "lex", 0, 0));
        Assert.Equal(0, await client.ZRemRangeByScore(p + "lex", "1", "2"));
        Assert.Equal(1, await client.ZRem(p + "lex", "b", "zz"));

        await client.ZAdd(p + "x", [new("a", 1), new("b", 2), new("c", 3)]);
        await client.ZAdd(p + "y", [new("b", 10), new("c", 20), new("d", 30)]);
        Assert.Equal(new SortedSetEntry("a", 1), await client.ZPopMin(p + "x"));
        Assert.Null(await client.ZPopMin(p + "empty"));
        Assert.Equal([new SortedSetEntry("c", 3)], await client.ZPopMax(p + "x", 1));
        await client.ZAdd(p + "x", [new("a", 1), new("c", 3)]);
        Assert.Equal(4, (await client.ZUnion([p + "x", p + "y"])).Length);
        var sum = await client.ZInterWithScores([p + "x", p + "y"], new ZCombineOptions { Weights = [1, 2], Aggregate = ZAggregate.Sum });
        Assert.Equal([new SortedSetEntry("b", 22), new SortedSetEntry("c", 43)], sum);
        Assert.Equal(["b", "c"], (await client.ZInter([p + "x", p + "y"])).Select(v => v.ToString()));
        Assert.Equal(["a"], (await client.ZDiff(p + "x", p + "y")).Select(v => v.ToString()));
        Assert.Equal([new SortedSetEntry("a", 1)], await client.ZDiffWithScores(p + "x", p + "y"));
        Assert.Equal(1, await client.ZDiffStore(p + "d", p + "x", p + "y"));
        Assert.Equal(2, await client.ZInterStore(p + "i", [p + "x", p + "y"], new ZCombineOptions { Aggregate = ZAggregate.Max }));
        Assert.Equal(20, await client.ZScore(p + "i", "c"));
        Assert.Equal(4, await client.ZUnionStore(p + "u", [p + "x", p + "y"]));
        Assert.Equal(2, await client.ZInterCard([p + "x", p + "y"]));
        Assert.Equal(4, (await client.ZUnionWithScores([p + "x", p + "y"])).Length);
        var popped = await client.ZMPop([p + "empty", p + "y"], SortedSetOrder.Max, 2);
        Assert.Equal(p + "y", popped!.Key.ToString());
        Assert.Equal([new SortedSetEntry("d", 30), new SortedSetEntry("c", 20)], popped.Items);
        Assert.Null(await client.ZMPop([p + "empty"], SortedSetOrder.Min));
    }
}
