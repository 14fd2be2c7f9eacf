using System.Collections.Concurrent;
using System.Diagnostics;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// Live resharding under load (issue 7): hundreds of slots, with keys in them, move between primaries while
/// workers write and read through the client. Every command must succeed and every key must end with the value
/// last written to it.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterReshardingTests(RedisClusterFixture fixture, ITestOutputHelper output)
{
    private const int Operations = 200_000;
    private const int SlotsToMove = 300;
    private const int Workers = 8;
    private const int Window = 32; // commands each worker keeps in flight: pipelined on the node connections

    [Fact]
    public async Task Moving_hundreds_of_slots_under_load_fails_no_command_and_loses_no_write()
    {
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Cluster.Nodes[0].Port),
            Cluster = { Enabled = true },
        });
        var router = client.ClusterRouter!;
        var primaries = await fixture.Cluster.PrimariesAsync();
        var source = primaries[0];
        var target = primaries[1];
        var slots = router.Topology.Ranges
            .Where(r => r.Primary.Port == source.Port)
            .SelectMany(r => Enumerable.Range(r.Start, r.End - r.Start + 1))
            .Take(SlotsToMove)
            .ToArray();
        var keys = ClusterLoad.Keys($"reshard:{Guid.NewGuid():N}:", 10_000, slots.ToHashSet());
        var load = new ClusterLoad(client, keys, Workers, Window);

        var clock = Stopwatch.StartNew();
        var migrating = Task.Run(async () =>
        {
            var migrated = 0;
            foreach (var slot in slots)
            {
                migrated += await MoveSlotCountingKeysAsync(slot, source, target);
            }
            return migrated;
        });
        var running = load.RunAsync(until: () => load.Operations >= Operations && migrating.IsCompleted);
        var keysMigrated = await migrating;
        await running;
        clock.Stop();
        var finalValues = await load.VerifyAsync();

        output.WriteLine($"slots moved: {slots.Length} ({source.Port} -> {target.Port}), keys migrated by MIGRATE: {keysMigrated}");
        output.WriteLine($"operations: {load.Operations} SET/GET by {Workers} workers x {Window} in flight over {keys.Length} keys " +
            $"({keys.Count(k => slots.Contains(HashSlot.Of(k)))} in moving slots)");
        output.WriteLine($"redirects followed: MOVED {router.MovedRedirects}, ASK {router.AskRedirects}; failed commands: {load.Failures.Count}");
        output.WriteLine($"duration: {clock.Elapsed.TotalSeconds:0.00} s, {load.Operations / clock.Elapsed.TotalSeconds:0} ops/s");
        output.WriteLine(load.DescribeFailures());

        Assert.Empty(load.Failures);
        Assert.Equal(0, load.StaleReads);
        Assert.Equal(keys.Length, finalValues);
        Assert.True(router.MovedRedirects + router.AskRedirects > 0, "the load never met a moved slot");
        foreach (var slot in slots.Take(5))
        {
            Assert.Equal(target.Port, (await fixture.Cluster.OwnerOfAsync(slot)).Port);
        }
        await fixture.Cluster.WaitUntilConvergedAsync();
    }

    // ClusterSlotMigration.MoveSlotAsync, counting the keys MIGRATE carried.
    private async Task<int> MoveSlotCountingKeysAsync(int slot, RedisServerProcess source, RedisServerProcess target)
    {
        await ClusterSlotMigration.BeginAsync(slot, source, target);
        var moved = 0;
        for (int batch; (batch = await ClusterSlotMigration.MigrateKeysAsync(slot, source, target)) > 0;)
        {
            moved += batch;
        }
        await fixture.Cluster.FinishAsync(slot, target);
        return moved;
    }
}
