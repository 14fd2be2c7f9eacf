using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

/// <summary>Issue 13, item 6: calls Redis accepts must not be refused by the client.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class LegalArgumentTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Infinite_scores_and_increments_reach_the_server_and_NaN_is_refused_at_the_call(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var key = Prefix(protocol) + "z";

        Assert.Equal(2, await client.ZAdd(key, [new("top", double.PositiveInfinity), new("bottom", double.NegativeInfinity)]));
        Assert.True(await client.ZAdd(key, "middle", 0));
        Assert.Equal(double.PositiveInfinity, await client.ZIncrBy(key, double.PositiveInfinity, "middle"));
        Assert.Equal(double.NegativeInfinity, await client.ZAddIncr(key, "low", double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, await client.ZScore(key, "top"));
        Assert.Equal(["bottom", "low", "middle", "top"], (await client.ZRange(key, 0, -1)).Select(v => v.ToString()).Order(StringComparer.Ordinal));

        var nan = Assert.Throws<ArgumentOutOfRangeException>(() => client.ZAdd(key, "m", double.NaN));
        Assert.Equal("score", nan.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => client.ZIncrBy(key, double.NaN, "m"));
    }

    [ServerTheory(ServerFeature.RedisEdgeSemantics)] // Garnet refuses a negative expire time
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-1.5)]
    public async Task Expire_with_zero_or_a_negative_time_deletes_the_key_as_Redis_does(double seconds)
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var key = Prefix(RedisProtocol.Resp3) + "k";
        await client.Set(key, "v");

        Assert.True(await client.Expire(key, TimeSpan.FromSeconds(seconds)));

        Assert.Equal(0, await client.Exists(key));
    }

    [ServerFact(ServerFeature.RedisEdgeSemantics)]
    public async Task PExpire_with_a_negative_time_deletes_the_key()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var key = Prefix(RedisProtocol.Resp3) + "k";
        await client.Set(key, "v");

        Assert.True(await client.PExpire(key, -5));

        Assert.Equal(0, await client.Exists(key));
    }
}
