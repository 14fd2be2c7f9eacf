using System.Diagnostics;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// Failover under load (issue 7): a primary is killed with SIGKILL while workers write and read; its replica is
/// promoted after <c>cluster-node-timeout</c> (2 s in the fixture) and the client must find it by itself.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterFailoverTests(RedisClusterFixture fixture, ITestOutputHelper output)
{
    // Generous on purpose: detection takes cluster-node-timeout (2 s) plus an election; a slow machine must not fail it.
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SteadyAfterRecovery = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Killing_a_primary_under_load_recovers_within_the_bound_and_keeps_acknowledged_writes()
    {
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Cluster.Nodes[0].Port),
            Cluster = { Enabled = true },
        });
        var router = client.ClusterRouter!;
        // The node for keyless commands and the first one asked for the slot map: the hardest one to lose.
        var victim = fixture.Cluster.Nodes.Single(n => n.Port == router.Default.EndPoint.Port);
        var victimSlots = router.Topology.Ranges
            .Where(r => r.Primary.Port == victim.Port)
            .SelectMany(r => Enumerable.Range(r.Start, r.End - r.Start + 1))
            .ToHashSet();
        var keys = ClusterLoad.Keys($"failover:{Guid.NewGuid():N}:", 10_000, victimSlots);
        var onVictim = keys.Select(k => victimSlots.Contains(HashSlot.Of(k))).ToArray();
        var load = new ClusterLoad(client, keys, workers: 4, window: 32);
        // A classic subscription lives on the default node too; it must move to a node that is up.
        var channel = "failover:" + Guid.NewGuid().ToString("N");
        var subscription = client.Subscribe(channel);
        var messages = new PubSub.PubSubTestHelpers.Recorder<RedisMessage>();
        using var subscribed = subscription.Subscribe(messages);
        await PubSub.PubSubTestHelpers.WaitReadyAsync(subscription);

        TimeSpan? killedAt = null;
        TimeSpan? recoveredAt = null;
        var running = load.RunAsync(until: () =>
            load.Elapsed > RecoveryBound + TimeSpan.FromSeconds(5)
            || (recoveredAt is { } at && load.Elapsed > at + SteadyAfterRecovery));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var ackedBeforeKill = load.Events.Count(e => e.IsWrite && e.Error is null && onVictim[e.Key] && e.At > load.Elapsed - TimeSpan.FromSeconds(1));
        killedAt = load.Elapsed;
        victim.Kill();
        var watch = Stopwatch.StartNew();
        while (!running.IsCompleted && recoveredAt is null)
        {
            // Recovered: a write to one of the victim's slots succeeded after the kill.
            var first = load.Events.Where(e => e.Error is null && e.IsWrite && onVictim[e.Key] && e.At > killedAt + TimeSpan.FromMilliseconds(100))
                .Select(e => (TimeSpan?)e.At).Min();
            recoveredAt = first;
            await Task.Delay(200);
        }
        await running;
        await load.VerifyAsync();

        // The window: the longest stretch after the kill in which no command on the victim's slots succeeded.
        var successes = load.Events.Where(e => e.Error is null && onVictim[e.Key] && e.At >= killedAt).Select(e => e.At).Order().ToArray();
        var (lastBefore, firstAfter) = successes.Zip(successes.Skip(1)).MaxBy(p => p.Second - p.First);
        var failures = load.Failures;
        output.WriteLine($"killed {victim.Port} (primary of {victimSlots.Count} slots, {onVictim.Count(v => v)} of {keys.Length} keys) at {killedAt.Value.TotalSeconds:0.000} s under {load.Operations} SET/GET in total");
        output.WriteLine($"unavailability for its slots: no success from {lastBefore.TotalSeconds:0.000} s to {firstAfter.TotalSeconds:0.000} s: window {(firstAfter - lastBefore).TotalSeconds:0.000} s; kill to the first write that succeeded on them later than 100 ms after it: {(recoveredAt - killedAt)?.TotalSeconds:0.000} s (asserted bound {RecoveryBound.TotalSeconds:0} s)");
        output.WriteLine($"failed commands: {failures.Count} ({load.DescribeFailures()}); first at {failures.Select(f => f.At.TotalSeconds).DefaultIfEmpty().Min():0.000} s, last at {failures.Select(f => f.At.TotalSeconds).DefaultIfEmpty().Max():0.000} s");
        output.WriteLine($"acknowledged writes lost: {load.LostWrites.Count} (writes the victim acked in the second before the kill: {ackedBeforeKill}); redirects MOVED {router.MovedRedirects}, ASK {router.AskRedirects}");
        foreach (var lost in load.LostWrites.Take(5))
        {
            output.WriteLine("  lost: " + lost);
        }

        Assert.True(recoveredAt - killedAt < RecoveryBound, $"no write to the victim's slots succeeded within {RecoveryBound} of the kill");
        Assert.True(firstAfter - lastBefore < RecoveryBound, $"the victim's slots were unavailable for {firstAfter - lastBefore}");
        Assert.DoesNotContain(failures, f => f.At > firstAfter + SteadyAfterRecovery); // healthy once recovered
        Assert.True(load.LostWrites.Count <= ackedBeforeKill, "more acknowledged writes lost than the victim acked in its last second");
        Assert.Equal(0, load.StaleReads);

        // PUBLISH counts only the receivers on the node it is sent to; the cluster bus carries it to the others.
        var survivor = fixture.Cluster.Nodes.First(n => n.IsRunning);
        await PubSub.PubSubTestHelpers.WaitUntilAsync(async () =>
        {
            await survivor.ExecRawAsync("PUBLISH", channel, "after the kill");
            await Task.Delay(50);
            return messages.Count > 0;
        }, "the subscription is back on a live node");
        Assert.Equal("after the kill", messages.Items[0].Payload.ToString());
        Assert.Null(messages.Error);

        await victim.RestartAsync(); // it rejoins as a replica of the promoted node
        await fixture.Cluster.WaitUntilConvergedAsync();
    }
}
