using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

[Collection(RedisCollectionDefinition.Name)]
public sealed class ScanTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    [ServerFact(ServerFeature.RedisEdgeSemantics)]
    public async Task Scan_over_100000_keys_sees_every_key_and_a_consumer_that_takes_10_stops_it()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var p = Prefix(RedisProtocol.Resp3);
        const int Count = 100_000;
        await client.BulkSet(Enumerable.Range(0, Count).Select(i => new KeyValuePair<RedisKey, RedisValue>(p + i, i)), new BulkOptions { Results = BulkResults.None }).LastOrDefaultAsync();

        var seen = new HashSet<string>();
        await client.Scan(new ScanOptions { Match = p + "*", Count = 1000 }).ForEachAsync(k => seen.Add(k.ToString()));
        Assert.Equal(Count, seen.Count);

        var before = await ScanCallsAsync(client);
        var ten = await client.Scan(new ScanOptions { Match = p + "*", Count = 10 }).Take(10).ToList();
        Assert.Equal(10, ten.Count);
        await Task.Delay(200);
        var pages = await ScanCallsAsync(client) - before;
        Assert.InRange(pages, 1, 3); // a full walk at COUNT 10 would take about 10,000 pages

        var viaAsync = 0;
        await foreach (var key in client.ScanAsync(new ScanOptions { Match = p + "*", Count = 500 }))
        {
            if (++viaAsync == 10)
            {
                break;
            }
        }
        Assert.Equal(10, viaAsync);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Collection_scans_and_type_filter(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        await client.HSet(p + "h", Enumerable.Range(0, 500).Select(i => new KeyValuePair<RedisValue, RedisValue>("f" + i, i)));
        await client.SAdd(p + "s", [.. Enumerable.Range(0, 500).Select(i => (RedisValue)i)]);
        await client.ZAdd(p + "z", Enumerable.Range(0, 500).Select(i => new SortedSetEntry("m" + i, i)));
        Assert.Equal(500, (await client.HScan(p + "h").ToList()).Select(e => e.Key).Distinct().Count());
        Assert.Equal("7", (await client.HScan(p + "h", new ScanOptions { Match = "f7" }).SingleAsync()).Value.ToString());
        Assert.Equal(500, (await client.SScan(p + "s", new ScanOptions { Count = 50 }).ToList()).Distinct().Count());
        var entries = new List<SortedSetEntry>();
        await foreach (var entry in client.ZScanAsync(p + "z"))
        {
            entries.Add(entry);
        }
        Assert.Equal(500, entries.Distinct().Count());
        Assert.Equal(42, entries.Single(e => e.Member.ToString() == "m42").Score);
        var hashes = await client.Scan(new ScanOptions { Match = p + "*", Type = "hash" }).ToList();
        Assert.Equal([p + "h"], hashes.Select(k => k.ToString()));
        Assert.Throws<ArgumentException>(() => client.HScan(p + "h", new ScanOptions { Type = "hash" }));
        await client.Set(p + "str", "x");
        Assert.Equal("WRONGTYPE", (await Assert.ThrowsAsync<RedisServerException>(async () => await client.SScan(p + "str").ToList())).Prefix);
    }

    private static async Task<long> ScanCallsAsync(RedisClient client)
    {
        var stats = (await client.Info("commandstats"))["cmdstat_scan"];
        if (stats is null)
        {
            return 0;
        }
        var calls = stats.Split(',')[0]; // calls=N
        return long.Parse(calls["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
