using System.Reactive.Disposables;
using System.Reactive.Linq;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Commands;

/// <summary>Bulk operations over sources with unusual timing.</summary>
public sealed class BulkSourceTests : FakeServerTestBase
{
    [Fact]
    public async Task Bulk_from_an_observable_that_emits_synchronously_inside_subscribe_completes()
    {
        await using var client = await ConnectAsync();
        var source = Observable.Create<KeyValuePair<RedisKey, RedisValue>>(observer =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                observer.OnNext(new KeyValuePair<RedisKey, RedisValue>($"k{i}", i));
            }
            observer.OnCompleted();
            return Disposable.Empty;
        });

        var results = await client.BulkSet(source, new BulkOptions { ChunkSize = 8, MaxInFlight = 16 }).ToList().Timeout(TimeSpan.FromSeconds(10));

        Assert.Equal(1_000, results.Count);
        Assert.All(results, r => Assert.True(r.IsSuccess));
    }
}
