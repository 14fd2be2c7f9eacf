using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// Failover under load (issue 7), bulk form: a primary is killed with SIGKILL in the middle of a pipelined BulkSet.
/// Items bound for it fail (not sent, or outcome unknown after the dropped socket) and are retried with backoff
/// until its replica is promoted, so the run stalls for the failover and then completes. Every acknowledged item is
/// read back afterwards: one acknowledged but missing was lost, which asynchronous replication allows only for the
/// writes the killed primary acknowledged just before it died.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterBulkFailoverTests(RedisClusterFixture fixture, ITestOutputHelper output)
{
    private const int Count = 300_000;
    private const int KillAfter = Count / 3; // results delivered before the kill
    // Generous on purpose: detection takes cluster-node-timeout (2 s) plus an election; a slow machine must not fail it.
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RunBound = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Killing_a_primary_during_a_bulk_SET_stalls_it_for_the_failover_and_keeps_acknowledged_writes()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var router = client.ClusterRouter!;
        var victim = fixture.Cluster.Nodes.Single(n => n.Port == router.Default.EndPoint.Port);
        var victimSlots = router.Topology.Ranges
            .Where(r => r.Primary.Port == victim.Port)
            .SelectMany(r => Enumerable.Range(r.Start, r.End - r.Start + 1))
            .ToHashSet();
        var prefix = $"bulkfailover:{Guid.NewGuid():N}:";
        var keys = Enumerable.Range(0, Count).Select(i => prefix + i).ToArray();
        var onVictim = keys.Select(k => victimSlots.Contains(HashSlot.Of(k))).ToArray();

        var clock = Stopwatch.StartNew();
        var deliveredAt = new TimeSpan[Count];
        var errors = new Exception?[Count];
        long delivered = 0, outOfOrder = 0;
        var run = client.BulkSet(keys.Select((k, i) => new KeyValuePair<RedisKey, RedisValue>(k, "v:" + i)), new BulkOptions { Results = BulkResults.All })
            .Do(r =>
            {
                if (r.Index != delivered)
                {
                    outOfOrder++;
                }
                deliveredAt[r.Index] = clock.Elapsed;
                errors[r.Index] = r.Error;
                Volatile.Write(ref delivered, delivered + 1);
            })
            .LastOrDefaultAsync()
            .ToTask();
        while (Volatile.Read(ref delivered) < KillAfter && !run.IsCompleted)
        {
            await Task.Delay(1);
        }
        var killedAt = clock.Elapsed;
        var deliveredAtKill = Volatile.Read(ref delivered);
        victim.Kill();
        await run.WaitAsync(RunBound);
        var runTime = clock.Elapsed;

        // The stall: the longest gap between two consecutive deliveries after the kill (results come in input order,
        // so while items wait for the promoted replica, nothing behind them is delivered).
        var after = deliveredAt.Where(t => t >= killedAt).Order().Prepend(killedAt).ToArray();
        var (stallFrom, stallTo) = after.Zip(after.Skip(1)).MaxBy(p => p.Second - p.First);
        var failed = Enumerable.Range(0, Count).Where(i => errors[i] is not null).ToArray();
        var failuresByKind = failed.GroupBy(i => ClusterLoad.Describe(errors[i]!)).Select(g => $"{g.Key}: {g.Count()}").DefaultIfEmpty("none");

        // Read every acknowledged key back; an acknowledged one that is missing (or different) was lost.
        var values = new RedisValue[Count];
        var readErrors = 0;
        await client.BulkGet(keys.Select(k => (RedisKey)k)).ForEachAsync(r =>
        {
            values[r.Index] = r.Value;
            readErrors += r.IsSuccess ? 0 : 1;
        }).WaitAsync(RunBound);
        var lost = Enumerable.Range(0, Count).Where(i => errors[i] is null && values[i].ToString() != "v:" + i).ToArray();
        // What replication can lose: writes the victim acknowledged shortly before it died. Counted generously as its
        // items delivered from a second before the kill on (a result can be delivered later than its reply was read).
        var victimAckedNearKill = Enumerable.Range(0, Count).Count(i => onVictim[i] && errors[i] is null && deliveredAt[i] >= killedAt - TimeSpan.FromSeconds(1));

        output.WriteLine($"BulkSet of {Count} keys ({onVictim.Count(v => v)} on {victim.Port}'s {victimSlots.Count} slots); SIGKILL of {victim.Port} at {killedAt.TotalSeconds:0.000} s after {deliveredAtKill} results; run ended at {runTime.TotalSeconds:0.000} s");
        output.WriteLine($"stall (no result delivered): {stallFrom.TotalSeconds:0.000} s to {stallTo.TotalSeconds:0.000} s = {(stallTo - stallFrom).TotalSeconds:0.000} s; kill to the end of the stall: {(stallTo - killedAt).TotalSeconds:0.000} s (asserted bound {RecoveryBound.TotalSeconds:0} s)");
        output.WriteLine($"failed items: {failed.Length} ({string.Join(", ", failuresByKind)}); redirects MOVED {router.MovedRedirects}, ASK {router.AskRedirects}");
        output.WriteLine($"acknowledged writes lost: {lost.Length} (the victim's acknowledged items delivered from 1 s before the kill on: {victimAckedNearKill}); read-back errors: {readErrors}");
        foreach (var i in lost.Take(5))
        {
            output.WriteLine($"  lost: {keys[i]} read {(values[i].IsNull ? "(nil)" : values[i].ToString())}");
        }

        Assert.Equal(0, outOfOrder);
        Assert.Equal(Count, Volatile.Read(ref delivered));
        Assert.True(stallTo - killedAt < RecoveryBound, $"results stalled until {stallTo - killedAt} after the kill");
        // Only failures a failover explains, and only on the victim's slots.
        Assert.All(failed, i => Assert.True(onVictim[i] && errors[i] is RedisConnectionException or RedisServerException { Prefix: "CLUSTERDOWN" or "TRYAGAIN" }, $"{keys[i]}: {errors[i]}"));
        Assert.Equal(0, readErrors);
        Assert.True(lost.Length <= victimAckedNearKill, "more acknowledged writes lost than the victim acknowledged around the kill");
        Assert.All(lost, i => Assert.True(onVictim[i], $"{keys[i]} was lost from a node that was not killed"));

        await victim.RestartAsync(); // it rejoins as a replica of the promoted node
        await fixture.Cluster.WaitUntilConvergedAsync();
    }
}
