using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;
using static RxRedis.IntegrationTests.PubSub.PubSubTestHelpers;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>Pub/sub on a real cluster: classic channels on one node, shard channels on their slot's primary.</summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterPubSubTests(RedisClusterFixture fixture)
{
    private Task<RedisClient> ConnectAsync() => RedisClient.ConnectAsync(new RedisOptions
    {
        EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Cluster.Nodes[0].Port),
        Cluster = { Enabled = true },
    });

    [Fact]
    public async Task A_classic_subscription_receives_what_is_published_on_every_node()
    {
        await using var client = await ConnectAsync();
        var channel = "classic:" + Guid.NewGuid().ToString("N");
        var subscription = client.Subscribe(channel);
        var recorder = new Recorder<RedisMessage>();
        using var _ = subscription.Subscribe(recorder);
        await WaitReadyAsync(subscription);

        // Every node, replicas too: the cluster bus carries each PUBLISH to all of them.
        foreach (var node in fixture.Cluster.Nodes)
        {
            await node.ExecRawAsync("PUBLISH", channel, node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await recorder.WaitForCountAsync(fixture.Cluster.Nodes.Count);
        Assert.Equal(fixture.Cluster.Nodes.Select(n => n.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            recorder.Items.Select(m => m.Payload.ToString()).Order());
    }

    [Fact]
    public async Task Shard_subscriptions_live_on_the_primary_of_each_channel_slot()
    {
        await using var client = await ConnectAsync();
        var topology = client.ClusterRouter!.Topology;
        // One channel per primary.
        var channels = Enumerable.Range(0, 1000).Select(i => $"shard:{Guid.NewGuid():N}:{i}")
            .GroupBy(c => topology.RangeOf(HashSlot.Of(c))!.Primary)
            .Select(g => g.First())
            .ToArray();
        Assert.Equal(3, channels.Length);
        var recorders = channels.Select(_ => new Recorder<RedisMessage>()).ToArray();
        var subscriptions = channels.Select(c => client.ShardSubscribe(c)).ToArray();
        using var all = new System.Reactive.Disposables.CompositeDisposable(subscriptions.Select((s, i) => s.Subscribe(recorders[i])));
        foreach (var subscription in subscriptions)
        {
            await WaitReadyAsync(subscription);
        }

        for (var i = 0; i < channels.Length; i++)
        {
            Assert.Equal(1, await client.ShardPublish(channels[i], "to " + channels[i])); // SPUBLISH goes to the slot's primary too
            var owner = await fixture.Cluster.OwnerOfAsync(HashSlot.Of(channels[i]));
            Assert.Contains(channels[i], await owner.ExecRawAsync("PUBSUB", "SHARDCHANNELS")); // subscribed on that node
        }

        for (var i = 0; i < channels.Length; i++)
        {
            await recorders[i].WaitForCountAsync(1);
            Assert.Equal(new RedisMessage(SubscriptionKind.Shard, channels[i], "to " + channels[i]), recorders[i].Items.Single() with { Payload = recorders[i].Items.Single().Payload.ToString() });
        }
    }

    [Fact]
    public async Task A_shard_subscription_follows_its_slot_to_the_new_primary()
    {
        await using var client = await ConnectAsync();
        var channel = "moving:" + Guid.NewGuid().ToString("N");
        var slot = HashSlot.Of(channel);
        var subscription = client.ShardSubscribe(channel);
        var recorder = new Recorder<RedisMessage>();
        using var _ = subscription.Subscribe(recorder);
        await WaitReadyAsync(subscription);
        Assert.Equal(1, await client.ShardPublish(channel, "before"));
        var (source, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);

        await fixture.Cluster.MoveSlotAsync(slot, target); // the source sends sunsubscribe to its subscribers

        await WaitUntilAsync(async () => (await target.ExecRawAsync("PUBSUB", "SHARDCHANNELS")).Contains(channel, StringComparison.Ordinal), "subscribed on the target");
        await WaitReadyAsync(subscription); // and confirmed there
        Assert.DoesNotContain(channel, await source.ExecRawAsync("PUBSUB", "SHARDCHANNELS"), StringComparison.Ordinal);
        Assert.Equal(1, await client.ShardPublish(channel, "after"));
        await recorder.WaitForCountAsync(2);
        Assert.Equal(["before", "after"], recorder.Items.Select(m => m.Payload.ToString()));
        Assert.Null(recorder.Error);
    }
}
