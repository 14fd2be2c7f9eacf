using System.Diagnostics;
using System.Reactive.Linq;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static RxRedis.IntegrationTests.PubSub.PubSubTestHelpers;

namespace RxRedis.IntegrationTests.Measurements;

/// <summary>
/// Throughput figures for the report, printed to the test output. Run with
/// <c>dotnet test tests/RxRedis.IntegrationTests --filter Category=Measurement --logger "console;verbosity=detailed"</c>.
/// They assert only what must hold on any machine (nothing lost, cached reads faster than uncached).
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
[Trait("Category", "Measurement")]
public sealed class PubSubAndCacheMeasurements(RedisFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Pubsub_one_publisher_to_ten_subscribers()
    {
        const int Messages = 200_000;
        const int Subscribers = 10;
        await using var subscriber = await ConnectAsync(fixture.Server, RedisProtocol.Resp3);
        await using var publisher = await ConnectAsync(fixture.Server, RedisProtocol.Resp3);
        var subscription = subscriber.Subscribe("measure", new SubscriberBufferOptions { Capacity = Messages, Overflow = OverflowPolicy.Fail });
        var counts = new long[Subscribers];
        var handles = Enumerable.Range(0, Subscribers).Select(i => subscription.Subscribe(_ => Interlocked.Increment(ref counts[i]))).ToList();
        await WaitReadyAsync(subscription);
        var payload = new string('p', 32);

        var clock = Stopwatch.StartNew();
        await Enumerable.Range(0, Messages).Select(_ => publisher.Publish("measure", payload)).Merge().LastAsync();
        var published = clock.Elapsed;
        while (counts.Any(c => Interlocked.Read(ref c) < Messages) && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(5);
        }
        var delivered = clock.Elapsed;

        Assert.All(counts, c => Assert.Equal(Messages, c));
        output.WriteLine($"pub/sub: {Messages:N0} messages x {Subscribers} subscribers, 32-byte payload: published in {published.TotalSeconds:F2} s " +
            $"({Messages / published.TotalSeconds:N0} msg/s), all delivered in {delivered.TotalSeconds:F2} s " +
            $"({Messages / delivered.TotalSeconds:N0} msg/s in, {Messages * Subscribers / delivered.TotalSeconds:N0} deliveries/s)");
        handles.ForEach(h => h.Dispose());
    }

    [Fact]
    public async Task Cached_versus_uncached_get()
    {
        const int Sequential = 20_000;
        const int Pipelined = 200_000;
        await using var client = await ConnectAsync(fixture.Server, RedisProtocol.Resp3);
        await client.Set("measure:get", new string('v', 100));
        var cache = await client.EnableClientCacheAsync();
        await cache.Get("measure:get");

        var uncachedSequential = await TimeAsync(async () =>
        {
            for (var i = 0; i < Sequential; i++)
            {
                await client.Get("measure:get");
            }
        });
        var cachedSequential = await TimeAsync(async () =>
        {
            for (var i = 0; i < Sequential; i++)
            {
                await cache.Get("measure:get");
            }
        });
        var uncachedPipelined = await TimeAsync(async () => await Enumerable.Range(0, Pipelined).Select(_ => client.Get("measure:get")).Merge().LastAsync());
        var cachedPipelined = await TimeAsync(async () => await Enumerable.Range(0, Pipelined).Select(_ => cache.Get("measure:get")).Merge().LastAsync());

        output.WriteLine($"GET, 100-byte value, one at a time ({Sequential:N0}): uncached {Sequential / uncachedSequential:N0} ops/s, cached {Sequential / cachedSequential:N0} ops/s");
        output.WriteLine($"GET, 100-byte value, {Pipelined:N0} concurrent (Merge): uncached {Pipelined / uncachedPipelined:N0} ops/s, cached {Pipelined / cachedPipelined:N0} ops/s");
        output.WriteLine($"cache: {cache.Statistics}");
        Assert.True(cachedSequential < uncachedSequential);
    }

    private static async Task<double> TimeAsync(Func<Task> run)
    {
        var clock = Stopwatch.StartNew();
        await run();
        return clock.Elapsed.TotalSeconds;
    }
}
