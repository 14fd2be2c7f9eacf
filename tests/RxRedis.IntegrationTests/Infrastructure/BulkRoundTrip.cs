using System.Reactive.Linq;

namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>A bulk write and read-back of many keys, shared by the single-server and cluster bulk tests.</summary>
public static class BulkRoundTrip
{
    /// <summary>
    /// Writes <c>prefix + i</c> = <c>"value:" + i</c> for every i below <paramref name="count"/> with one BulkSet, reads
    /// them back with one BulkGet, and asserts no write failed and every result came in input order with its input
    /// and its value.
    /// </summary>
    public static async Task AssertEveryValueComesBackInOrderAsync(RedisClient client, string prefix, int count)
    {
        var failures = await client.BulkSet(
                Enumerable.Range(0, count).Select(i => new KeyValuePair<RedisKey, RedisValue>(prefix + i, "value:" + i)),
                new BulkOptions { Results = BulkResults.ErrorsOnly })
            .ToList();
        Assert.Empty(failures);

        long next = 0, mismatches = 0;
        await client.BulkGet(Enumerable.Range(0, count).Select(i => (RedisKey)(prefix + i))).ForEachAsync(r =>
        {
            if (r.Index != next++ || r.Input.ToString() != prefix + r.Index || r.Value.ToString() != "value:" + r.Index)
            {
                mismatches++;
            }
        });
        Assert.Equal(count, next);
        Assert.Equal(0, mismatches);
    }
}
