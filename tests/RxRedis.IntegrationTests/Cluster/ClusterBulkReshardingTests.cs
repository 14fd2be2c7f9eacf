using System.Diagnostics;
using System.Reactive.Linq;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// Live resharding under bulk load (issue 7): slots with keys in them move between primaries while rounds of
/// BulkSet then BulkGet run over the same keys, half of them in the moving slots. Items meet <c>ASK</c>,
/// <c>MOVED</c> and <c>TRYAGAIN</c> and must all succeed; every GET must see the value of its round's SET.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterBulkReshardingTests(RedisClusterFixture fixture, ITestOutputHelper output)
{
    private const int Keys = 20_000;
    private const int SlotsToMove = 200;
    private const int MinRounds = 2;

    [Fact]
    public async Task Moving_slots_under_bulk_SET_and_GET_fails_no_item_and_loses_no_write()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var router = client.ClusterRouter!;
        // From the primary with the most slots to the one with the fewest, so repeated runs keep the cluster balanced.
        var primaries = await fixture.Cluster.PrimariesAsync();
        var slotsOf = primaries.ToDictionary(p => p, p => router.Topology.Ranges.Where(r => r.Primary.Port == p.Port).SelectMany(r => Enumerable.Range(r.Start, r.End - r.Start + 1)).ToArray());
        var source = primaries.MaxBy(p => slotsOf[p].Length)!;
        var target = primaries.MinBy(p => slotsOf[p].Length)!;
        var slots = slotsOf[source].Take(SlotsToMove).ToArray();
        var keys = ClusterLoad.Keys($"bulkreshard:{Guid.NewGuid():N}:", Keys, slots.ToHashSet());

        var clock = Stopwatch.StartNew();
        var migrating = Task.Run(async () =>
        {
            var migrated = 0;
            foreach (var slot in slots)
            {
                await ClusterSlotMigration.BeginAsync(slot, source, target);
                for (int batch; (batch = await ClusterSlotMigration.MigrateKeysAsync(slot, source, target)) > 0;)
                {
                    migrated += batch;
                }
                await fixture.Cluster.FinishAsync(slot, target);
            }
            return migrated;
        });
        long items = 0, failed = 0, stale = 0;
        var failures = new List<string>();
        var round = 0;
        for (; round < MinRounds || !migrating.IsCompleted; round++)
        {
            var value = "r" + round;
            await client.BulkSet(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, value)), new BulkOptions { Results = BulkResults.ErrorsOnly })
                .ForEachAsync(r =>
                {
                    failed++;
                    failures.Add($"SET {r.Input.Key}: {r.Error!.Message}");
                });
            await client.BulkGet(keys.Select(k => (RedisKey)k)).ForEachAsync(r =>
            {
                if (!r.IsSuccess)
                {
                    failed++;
                    failures.Add($"GET {r.Input}: {r.Error!.Message}");
                }
                else if (r.Value.ToString() != value)
                {
                    stale++;
                }
            });
            items += 2L * keys.Length;
        }
        var keysMigrated = await migrating;
        clock.Stop();
        var last = "r" + (round - 1);
        var readBack = await client.BulkGet(keys.Select(k => (RedisKey)k)).Count(r => r.IsSuccess && r.Value.ToString() == last);

        output.WriteLine($"slots moved: {slots.Length} ({source.Port} -> {target.Port}), keys migrated by MIGRATE: {keysMigrated}");
        output.WriteLine($"bulk items: {items} in {round} rounds of BulkSet + BulkGet over {keys.Length} keys ({keys.Count(k => slots.Contains(HashSlot.Of(k)))} in moving slots), {clock.Elapsed.TotalSeconds:0.00} s, {items / clock.Elapsed.TotalSeconds:0} items/s");
        output.WriteLine($"redirects followed: MOVED {router.MovedRedirects}, ASK {router.AskRedirects}; failed items: {failed}; stale reads: {stale}; keys read back with the last value: {readBack} of {keys.Length}");
        foreach (var failure in failures.Take(5))
        {
            output.WriteLine("  " + failure);
        }

        Assert.Equal(0, failed);
        Assert.Equal(0, stale);
        Assert.Equal(keys.Length, readBack);
        Assert.True(router.MovedRedirects + router.AskRedirects > 0, "the load never met a moved slot");
        Assert.Equal(target.Port, (await fixture.Cluster.OwnerOfAsync(slots[0])).Port);
        await fixture.Cluster.WaitUntilConvergedAsync();
    }
}
