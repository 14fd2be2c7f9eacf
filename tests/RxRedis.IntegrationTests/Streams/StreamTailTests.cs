using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Client;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Streams;

[Collection(RedisCollectionDefinition.Name)]
public sealed class StreamTailTests(RedisFixture fixture)
{
    [ServerTheory(ServerFeature.Streams)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task A_tail_from_0_delivers_the_whole_stream_in_order_then_new_entries(RedisProtocol protocol)
    {
        var stream = TestClients.Prefix("tail-0", protocol) + "s";
        await using var client = await TestClients.ConnectAsync(fixture.Server, protocol);
        for (var i = 0; i < 25; i++)
        {
            await client.XAdd(stream, [new("n", i)]);
        }

        var tail = client.TailStream(stream, "0", new StreamTailOptions { BatchSize = 10, Block = TimeSpan.FromMilliseconds(100) })
            .Take(30).Select(e => e.Fields[0].Value.ToString()).ToList().ToTask();
        await Task.Delay(300); // at least one empty (timed-out) read in between
        for (var i = 25; i < 30; i++)
        {
            await client.XAdd(stream, [new("n", i)]);
        }

        Assert.Equal(Enumerable.Range(0, 30).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), await tail.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [ServerFact(ServerFeature.Streams)]
    public async Task A_tail_from_now_skips_existing_entries_and_misses_none_added_between_reads()
    {
        var stream = TestClients.Prefix("tail-now", RedisProtocol.Resp3) + "s";
        await using var client = await TestClients.ConnectAsync(fixture.Server, RedisProtocol.Resp3);
        await client.XAdd(stream, [new("n", "old")]);
        var received = new List<string>();
        var gate = new object();
        using var subscription = client.TailStream(stream, options: new StreamTailOptions { Block = TimeSpan.FromMilliseconds(50) }).Subscribe(e =>
        {
            lock (gate)
            {
                received.Add(e.Fields[0].Value.ToString());
            }
        });
        await Task.Delay(200);
        for (var i = 0; i < 20; i++)
        {
            await client.XAdd(stream, [new("n", i)]);
            await Task.Delay(i % 4 == 0 ? 60 : 0); // some land while a read is in flight, some between reads
        }
        for (var i = 0; i < 200; i++)
        {
            lock (gate)
            {
                if (received.Count == 20)
                {
                    break;
                }
            }
            await Task.Delay(20);
        }

        lock (gate)
        {
            Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), received);
        }
    }
}
