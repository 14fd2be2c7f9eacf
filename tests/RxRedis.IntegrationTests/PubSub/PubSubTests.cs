using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;
using static RxRedis.IntegrationTests.PubSub.PubSubTestHelpers;

namespace RxRedis.IntegrationTests.PubSub;

[Collection(RedisCollectionDefinition.Name)]
public sealed class PubSubTests(RedisFixture fixture)
{
    private RedisServerProcess Server => fixture.Server;

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Messages_arrive_in_publish_order(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(Server, protocol);
        await using var publisher = await ConnectAsync(Server, protocol);
        var channel = $"order:{protocol}";
        var subscription = client.Subscribe(channel);
        var recorder = new Recorder<RedisMessage>();
        using var _ = subscription.Subscribe(recorder);
        await WaitReadyAsync(subscription);

        await Enumerable.Range(0, 2000).Select(i => publisher.Publish(channel, i)).Merge().LastAsync();

        await recorder.WaitForCountAsync(2000);
        Assert.Equal(Enumerable.Range(0, 2000), recorder.Items.Select(m => (int)(long)m.Payload));
        Assert.All(recorder.Items, m => Assert.Equal(new RedisMessage(SubscriptionKind.Channel, channel, m.Payload), m));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Pattern_subscription_receives_matching_channels_with_the_pattern(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(Server, protocol);
        var pattern = $"news.{protocol}.*";
        var subscription = client.PatternSubscribe(pattern);
        var recorder = new Recorder<RedisMessage>();
        using var _ = subscription.Subscribe(recorder);
        await WaitReadyAsync(subscription);

        Assert.Equal(1, await client.Publish($"news.{protocol}.sport", "goal"));
        Assert.Equal(0, await client.Publish($"weather.{protocol}", "rain"));
        Assert.Equal(1, await client.Publish($"news.{protocol}.art", "paint"));

        await recorder.WaitForCountAsync(2);
        Assert.Equal(
            [
                new RedisMessage(SubscriptionKind.Pattern, $"news.{protocol}.sport", "goal", pattern),
                new RedisMessage(SubscriptionKind.Pattern, $"news.{protocol}.art", "paint", pattern),
            ],
            recorder.Items.Select(m => m with { Payload = m.Payload.ToString() }));
    }

    [ServerTheory(ServerFeature.ShardPubSubStandalone)]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Shard_subscription_receives_shard_publishes(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(Server, protocol);
        var channel = $"shard:{protocol}";
        var subscription = client.ShardSubscribe(channel);
        var recorder = new Recorder<RedisMessage>();
        using var _ = subscription.Subscribe(recorder);
        await WaitReadyAsync(subscription);

        Assert.Equal(1, await client.ShardPublish(channel, "a"));
        Assert.Equal(1, await client.ShardPublish(channel, "b"));

        await recorder.WaitForCountAsync(2);
        Assert.Equal(["a", "b"], recorder.Items.Select(m => m.Payload.ToString()));
        Assert.All(recorder.Items, m => Assert.Equal(SubscriptionKind.Shard, m.Kind));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Subscription_is_reference_counted(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(Server, protocol);
        var channel = $"refcount:{protocol}";
        var subscription = client.Subscribe(channel);
        var first = new Recorder<RedisMessage>();
        var second = new Recorder<RedisMessage>();
        var firstSubscription = subscription.Subscribe(first);
        var secondSubscription = client.Subscribe(channel).Subscribe(second);
        await WaitReadyAsync(subscription);
        Assert.Equal("1", await NumSubAsync(channel));

        Assert.Equal(1, await client.Publish(channel, "both"));
        await first.WaitForCountAsync(1);
        await second.WaitForCountAsync(1);

        firstSubscription.Dispose();
        Assert.Equal(1, await client.Publish(channel, "second only"));
        await second.WaitForCountAsync(2);
        Assert.Equal(["both", "second only"], second.Items.Select(m => m.Payload.ToString()));
        Assert.Equal(["both"], first.Items.Select(m => m.Payload.ToString()));
        Assert.Equal("1", await NumSubAsync(channel));

        secondSubscription.Dispose();
        await WaitUntilAsync(async () => await NumSubAsync(channel) == "0", "the server shows no subscriber");
        Assert.Equal(0, await client.Publish(channel, "nobody"));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Subscriptions_are_restored_after_the_subscriber_connection_is_killed(RedisProtocol protocol)
    {
        var name = $"restore-{protocol}-{Guid.NewGuid():N}";
        await using var client = await ConnectAsync(Server, protocol, name);
        await using var publisher = await ConnectAsync(Server, protocol);
        var channel = $"restore:{protocol}";
        var subscription = client.Subscribe(channel);
        var patterns = client.PatternSubscribe($"restore-p:{protocol}:*");
        var recorder = new Recorder<RedisMessage>();
        var patternRecorder = new Recorder<RedisMessage>();
        using var _ = subscription.Subscribe(recorder);
        using var __ = patterns.Subscribe(patternRecorder);
        await WaitReadyAsync(subscription);
        await WaitReadyAsync(patterns);
        Assert.Equal(1, await publisher.Publish(channel, "before"));

        // Both are confirmed now, so the first Ready is the replay and the second the restore.
        var restored = WaitReadyAsync(subscription, count: 2);
        var patternRestored = WaitReadyAsync(patterns, count: 2);
        Assert.Equal(1, await KillClientsAsync(Server, name, subscribersOnly: true));
        await restored;
        await patternRestored;

        Assert.Equal(1, await publisher.Publish(channel, "after"));
        Assert.Equal(1, await publisher.Publish($"restore-p:{protocol}:x", "pattern after"));
        await recorder.WaitForCountAsync(2);
        await patternRecorder.WaitForCountAsync(1);
        Assert.Equal(["before", "after"], recorder.Items.Select(m => m.Payload.ToString()));
        Assert.Null(recorder.Error);
    }

    [Fact]
    public async Task Ten_subscribers_get_100000_messages_each_while_the_same_connection_runs_100000_gets()
    {
        const int Messages = 100_000;
        const int Subscribers = 10;
        await using var client = await ConnectAsync(Server, RedisProtocol.Resp3);
        await using var publisher = await ConnectAsync(Server, RedisProtocol.Resp3);
        await client.Set("bulk:get", "value");
        var subscription = client.Subscribe("bulk", new SubscriberBufferOptions { Capacity = Messages, Overflow = OverflowPolicy.Fail });
        var counters = new SequenceChecker[Subscribers];
        var handles = new List<IDisposable>();
        for (var i = 0; i < Subscribers; i++)
        {
            counters[i] = new SequenceChecker();
            handles.Add(subscription.Subscribe(counters[i]));
        }
        await WaitReadyAsync(subscription);

        var gets = Enumerable.Range(0, Messages).Select(_ => client.Get("bulk:get")).Merge().Count().ToTask();
        var publishes = Enumerable.Range(0, Messages).Select(i => publisher.Publish("bulk", i)).Merge().Count().ToTask();
        Assert.Equal(Messages, await gets);
        Assert.Equal(Messages, await publishes);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (counters.Any(c => c.Count < Messages) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.All(counters, c =>
        {
            Assert.Null(c.Error);
            Assert.Equal(Messages, c.Count);
            Assert.True(c.InOrder);
        });
        Assert.Equal(0, subscription.DroppedCount);
        handles.ForEach(h => h.Dispose());
    }

    [Fact]
    public async Task A_blocked_subscriber_does_not_delay_the_others_or_commands()
    {
        await using var client = await ConnectAsync(Server, RedisProtocol.Resp3);
        using var release = new ManualResetEventSlim();
        var subscription = client.Subscribe("blocking", new SubscriberBufferOptions { Capacity = 10 });
        using var blocked = subscription.Subscribe(_ => release.Wait());
        var fast = new Recorder<RedisMessage>();
        using var _ = subscription.Subscribe(fast);
        await WaitReadyAsync(subscription);

        for (var i = 0; i < 100; i++)
        {
            await client.Publish("blocking", i);
        }
        await fast.WaitForCountAsync(100);
        Assert.Equal("PONG", (await client.Ping()).ToString());
        Assert.True(subscription.DroppedCount >= 89, $"dropped {subscription.DroppedCount}");
        release.Set();
    }

    private async Task<string> NumSubAsync(string channel) =>
        (await Server.ExecRawAsync("PUBSUB", "NUMSUB", channel)).Split('\n')[1];

    private sealed class SequenceChecker : IObserver<RedisMessage>
    {
        private long _count;

        public int Count => (int)Interlocked.Read(ref _count);

        public bool InOrder { get; private set; } = true;

        public Exception? Error { get; private set; }

        public void OnNext(RedisMessage value)
        {
            if ((long)value.Payload != _count)
            {
                InOrder = false;
            }
            Interlocked.Increment(ref _count);
        }

        public void OnError(Exception error) => Error = error;

        public void OnCompleted()
        {
        }
    }
}
