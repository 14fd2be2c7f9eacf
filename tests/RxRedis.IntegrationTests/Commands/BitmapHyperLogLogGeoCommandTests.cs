using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

[Collection(RedisCollectionDefinition.Name)]
public sealed class BitmapHyperLogLogGeoCommandTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    [ServerTheory(ServerFeature.RedisEdgeSemantics)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Bitmaps(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        Assert.False(await client.SetBit(p + "b", 7, true));
        Assert.True(await client.GetBit(p + "b", 7));
        await client.SetBit(p + "b", 9, true);
        Assert.Equal(2, await client.BitCount(p + "b"));
        Assert.Equal(1, await client.BitCount(p + "b", new BitRange(8, 15, InBits: true)));
        Assert.Equal(7, await client.BitPos(p + "b", true));
        Assert.Equal(2, await client.BitOp(BitOperation.Not, p + "n", p + "b"));
        var results = await client.BitField(p + "f", BitFieldOperation.Set("u8", 0, 200), BitFieldOperation.Overflow("FAIL"), BitFieldOperation.IncrBy("u8", 0, 100), BitFieldOperation.Get("u8", 0));
        Assert.Equal([0L, null, 200L], results);
        Assert.Equal([200L], await client.BitFieldReadOnly(p + "f", BitFieldOperation.Get("u8", 0)));
        Assert.Throws<ArgumentException>(() => client.BitFieldReadOnly(p + "f", BitFieldOperation.Set("u8", 0, 1)));
        await client.HSet(p + "h", "a", "b");
        Assert.Equal("WRONGTYPE", (await Assert.ThrowsAsync<RedisServerException>(async () => await client.BitCount(p + "h"))).Prefix);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task HyperLogLog(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        Assert.True(await client.PfAdd(p + "a", "1", "2", "3"));
        Assert.False(await client.PfAdd(p + "a", "1"));
        await client.PfAdd(p + "b", "3", "4");
        Assert.Equal(4, await client.PfCount(p + "a", p + "b"));
        await client.PfMerge(p + "m", p + "a", p + "b");
        Assert.Equal(4, await client.PfCount(p + "m"));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Geo(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var key = Prefix(protocol) + "geo";
        Assert.Equal(2, await client.GeoAdd(key, [new("Palermo", new(13.361389, 38.115556)), new("Catania", new(15.087269, 37.502669))]));
        var distance = await client.GeoDist(key, "Palermo", "Catania", GeoUnit.Kilometers);
        Assert.InRange(distance!.Value, 166, 167);
        Assert.Null(await client.GeoDist(key, "Palermo", "Nowhere"));
        Assert.Equal("sqc8b49rny0", (await client.GeoHash(key, "Palermo"))[0].ToString());
        var positions = await client.GeoPos(key, "Palermo", "Nowhere");
        Assert.InRange(positions[0]!.Value.Longitude, 13.36, 13.37);
        Assert.Null(positions[1]);
        var near = await client.GeoSearch(key, new GeoSearchOptions
        {
            FromPosition = new(15, 37), Radius = 200, Unit = GeoUnit.Kilometers, Ascending = true, WithDistance = true, WithPosition = true, WithHash = true,
        });
        Assert.Equal(["Catania", "Palermo"], near.Select(r => r.Member.ToString()));
        Assert.InRange(near[0].Distance!.Value, 56, 57);
        Assert.NotNull(near[0].Hash);
        Assert.NotNull(near[0].Position);
        var plain = await client.GeoSearch(key, new GeoSearchOptions { FromMember = "Palermo", Box = (400, 400), Unit = GeoUnit.Kilometers, Count = 1 });
        Assert.Single(plain);
        Assert.Equal(2, await client.GeoSearchStore(key + "dst", key, new GeoSearchOptions { FromMember = "Palermo", Radius = 500, Unit = GeoUnit.Kilometers }, storeDistances: true));
        Assert.Throws<ArgumentException>(() => client.GeoSearch(key, new GeoSearchOptions { Radius = 1 }));
    }
}
