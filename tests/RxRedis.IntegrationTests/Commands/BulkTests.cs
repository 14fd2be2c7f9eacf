using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

[Collection(RedisCollectionDefinition.Name)]
public sealed class BulkTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task One_million_SETs_then_GETs_round_trip_every_value(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);

        await BulkRoundTrip.AssertEveryValueComesBackInOrderAsync(client, p, 1_000_000);
    }

    [ServerFact(ServerFeature.RedisEdgeSemantics)]
    public async Task A_failing_item_is_reported_with_its_input_and_the_rest_complete()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var p = Prefix(RedisProtocol.Resp3);
        await client.LPush(p + "500", "a list, not a string");
        await client.BulkSet(Enumerable.Range(0, 1000).Where(i => i != 500).Select(i => new KeyValuePair<RedisKey, RedisValue>(p + i, i)), new BulkOptions { Results = BulkResults.None }).LastOrDefaultAsync();

        var results = await client.Bulk(Enumerable.Range(0, 1000), i => client.Incr(p + i), new BulkOptions { ChunkSize = 16, MaxInFlight = 64 }).ToList();
        Assert.Equal(1000, results.Count);
        var failed = Assert.Single(results, r => !r.IsSuccess);
        Assert.Equal(500, failed.Input);
        Assert.Equal(500, failed.Index);
        Assert.Equal("WRONGTYPE", Assert.IsType<RedisServerException>(failed.Error).Prefix);
        Assert.All(results.Where(r => r.IsSuccess), r => Assert.Equal(r.Input + 1, r.Value));

        var errorsOnly = await client.BulkGet(Enumerable.Range(499, 3).Select(i => (RedisKey)(p + i)), new BulkOptions { Results = BulkResults.ErrorsOnly }).ToList();
        Assert.Equal(p + "500", Assert.Single(errorsOnly).Input.ToString());
    }

    [ServerFact(ServerFeature.RedisEdgeSemantics)]
    public async Task Stop_on_error_reports_the_item_then_fails_and_reads_no_further()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var p = Prefix(RedisProtocol.Resp3);
        await client.LPush(p + "bad", "x");
        var pulled = 0;
        IEnumerable<RedisKey> Keys()
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                pulled++;
                yield return i == 10 ? p + "bad" : p + i;
            }
        }
        var seen = new List<BulkResult<RedisKey, RedisValue>>();
        var error = await Assert.ThrowsAsync<RedisServerException>(async () =>
            await client.BulkGet(Keys(), new BulkOptions { StopOnError = true, ChunkSize = 8, MaxInFlight = 64 }).Do(seen.Add).LastOrDefaultAsync());
        Assert.Equal("WRONGTYPE", error.Prefix);
        Assert.Equal(11, seen.Count);
        Assert.False(seen[^1].IsSuccess);
        Assert.InRange(pulled, 11, 200);
    }

    [Fact]
    public async Task An_observable_source_is_back_pressured_and_its_error_ends_the_operation_after_what_was_sent()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp2);
        var p = Prefix(RedisProtocol.Resp2);
        var source = Observable.Range(0, 50_000).Select(i => new KeyValuePair<RedisKey, RedisValue>(p + i, i));
        var results = await client.BulkSet(source, new BulkOptions { ChunkSize = 64, MaxInFlight = 1024 }).ToList();
        Assert.Equal(50_000, results.Count);
        Assert.True(results.Select(r => r.Index).SequenceEqual(Enumerable.Range(0, 50_000).Select(i => (long)i)));
        Assert.Equal("49999", (await client.Get(p + 49_999)).ToString());

        var failing = Observable.Range(0, 10).Select(i => (RedisKey)(p + i)).Concat(Observable.Throw<RedisKey>(new InvalidOperationException("source broke")));
        var got = new List<BulkResult<RedisKey, RedisValue>>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await client.BulkGet(failing).Do(got.Add).LastOrDefaultAsync());
        Assert.Equal("source broke", error.Message);
        Assert.Equal(10, got.Count);
    }

    [Fact]
    public async Task A_slow_observable_source_still_gets_each_item_sent_promptly()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var p = Prefix(RedisProtocol.Resp3);
        var first = await client.BulkSet(Observable.Return(new KeyValuePair<RedisKey, RedisValue>(p + "x", "1")).Concat(Observable.Never<KeyValuePair<RedisKey, RedisValue>>()))
            .FirstAsync().Timeout(TimeSpan.FromSeconds(5));
        Assert.True(first.Value);
    }

    [Fact]
    public async Task The_source_is_never_read_more_than_the_window_ahead_of_a_slow_consumer()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var p = Prefix(RedisProtocol.Resp3);
        var options = new BulkOptions { ChunkSize = 16, MaxInFlight = 128 };
        long pulled = 0, delivered = 0, maxAhead = 0;
        IEnumerable<RedisKey> Keys()
        {
            for (var i = 0; i < 20_000; i++)
            {
                Interlocked.Increment(ref pulled);
                yield return p + i;
            }
        }
        await client.BulkGet(Keys(), options).ForEachAsync(r =>
        {
            delivered++;
            maxAhead = Math.Max(maxAhead, Interlocked.Read(ref pulled) - delivered);
            if (r.Index % 2000 == 0)
            {
                Thread.Sleep(20); // a consumer that stalls now and then
            }
        });
        Assert.Equal(20_000, delivered);
        Assert.InRange(maxAhead, 0, options.MaxInFlight);
    }

    [Fact]
    public async Task Disposing_the_subscription_stops_reading_the_source()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var p = Prefix(RedisProtocol.Resp3);
        long pulled = 0;
        IEnumerable<RedisKey> Endless()
        {
            for (var i = 0L; ; i++)
            {
                Interlocked.Increment(ref pulled);
                yield return p + i;
            }
        }
        var first = await client.BulkGet(Endless(), new BulkOptions { ChunkSize = 32, MaxInFlight = 256 }).Take(1000).ToList();
        Assert.Equal(1000, first.Count);
        await Task.Delay(200);
        var after = Interlocked.Read(ref pulled);
        await Task.Delay(200);
        Assert.Equal(after, Interlocked.Read(ref pulled));
        Assert.InRange(after, 1000, 1000 + 256 + 32);
    }
}
