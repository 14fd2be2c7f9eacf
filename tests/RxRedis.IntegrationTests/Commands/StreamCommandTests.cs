using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

[Collection(RedisCollectionDefinition.Name)]
public sealed class StreamCommandTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    private static KeyValuePair<RedisValue, RedisValue>[] Fields(string value) => [new("f", value)];

    [ServerTheory(ServerFeature.Streams)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Add_range_trim_delete(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var key = Prefix(protocol) + "s";
        var first = await client.XAdd(key, Fields("1"), new XAddOptions { Id = "1-1" });
        Assert.Equal("1-1", first.ToString());
        for (var i = 2; i <= 10; i++)
        {
            await client.XAdd(key, Fields(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), new XAddOptions { Trim = new StreamTrim { MaxLength = 5 } });
        }
        Assert.Equal(5, await client.XLen(key));
        var range = await client.XRange(key, "-", "+", count: 2);
        Assert.Equal(2, range.Length);
        Assert.Equal("6", range[0].Fields[0].Value.ToString());
        var reverse = await client.XRevRange(key, "+", "-", count: 1);
        Assert.Equal("10", reverse[0].Fields[0].Value.ToString());
        Assert.Equal(2, await client.XTrim(key, new StreamTrim { MaxLength = 3 }));
        Assert.Equal(1, await client.XDel(key, reverse[0].Id, "999-0"));
        Assert.True((await client.XAdd(Prefix(protocol) + "none", Fields("x"), new XAddOptions { NoMakeStream = true })).IsNull);
        var read = await client.XRead([new(key, "0-0")], new StreamReadOptions { Count = 10 });
        Assert.Equal(key, read.Single().Key.ToString());
        Assert.Equal(2, read.Single().Entries.Count);
        var info = await client.XInfoStream(key);
        Assert.Equal(2, info.Fields["length"].AsInt64());
        await client.XSetId(key, "99999999999999-0");
        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.XAdd(key, Fields("x"), new XAddOptions { Id = "1-0" }));
        Assert.Contains("equal or smaller", error.ServerMessage, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => client.XTrim(key, new StreamTrim()).ToTask());
    }

    [ServerTheory(ServerFeature.Streams)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Consumer_groups(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var key = Prefix(protocol) + "g";
        await client.XGroupCreate(key, "grp", "$", makeStream: true);
        Assert.True(await client.XGroupCreateConsumer(key, "grp", "c2"));
        var ids = new List<RedisValue>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await client.XAdd(key, Fields(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        var read = await client.XReadGroup("grp", "c1", [new(key, ">")]);
        Assert.Equal(3, read.Single().Entries.Count);
        var summary = await client.XPending(key, "grp");
        Assert.Equal(3, summary.Count);
        Assert.Equal(ids[0], summary.LowestId);
        Assert.Equal("c1", summary.Consumers.Single().Key.ToString());
        var pending = await client.XPending(key, "grp", "-", "+", 10);
        Assert.Equal(3, pending.Length);
        Assert.Equal(1, pending[0].DeliveryCount);
        Assert.Equal(1, await client.XAck(key, "grp", ids[0]));
        var claimed = await client.XClaim(key, "grp", "c2", TimeSpan.Zero, [ids[1]]);
        Assert.Equal(ids[1], claimed.Single().Id);
        var auto = await client.XAutoClaim(key, "grp", "c2", TimeSpan.Zero, "0-0", count: 10);
        Assert.Equal(2, auto.Claimed.Count);
        Assert.Equal(2, (await client.XInfoConsumers(key, "grp")).Length);
        Assert.Single(await client.XInfoGroups(key));
        await client.XGroupSetId(key, "grp", "0");
        Assert.Equal(2, await client.XGroupDeleteConsumer(key, "grp", "c2"));
        Assert.True(await client.XGroupDestroy(key, "grp"));
        var noGroup = await Assert.ThrowsAsync<RedisServerException>(async () => await client.XReadGroup("grp", "c1", [new(key, ">")]));
        Assert.Equal("NOGROUP", noGroup.Prefix);
    }

    [ServerTheory(ServerFeature.Streams)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Blocking_read_waits_for_an_entry_and_times_out_empty(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var key = Prefix(protocol) + "b";
        var empty = await client.XRead([new(key, "$")], new StreamReadOptions { Block = TimeSpan.FromMilliseconds(100) });
        Assert.Empty(empty);
        var waiting = client.XRead([new(key, "$")], new StreamReadOptions { Block = TimeSpan.FromSeconds(5) }).ToTask();
        await Task.Delay(200);
        await client.XAdd(key, Fields("x"));
        var read = await waiting;
        Assert.Equal("x", read.Single().Entries.Single().Fields[0].Value.ToString());
    }
}
