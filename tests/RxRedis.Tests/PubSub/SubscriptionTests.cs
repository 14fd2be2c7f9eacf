using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Reactive.Testing;
using RxRedis.Protocol;
using RxRedis.Resilience;
using static RxRedis.Tests.PubSub.FakePubSub;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.PubSub;

/// <summary>Readiness, restore timing, overflow policies and RESP2 framing against the scripted server.</summary>
public sealed class SubscriptionTests : FakeServerTestBase
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Ready_fires_only_after_the_server_has_processed_the_subscribe()
    {
        var pong = new TaskCompletionSource();
        Server.Handler = async (c, cmd) =>
        {
            if (cmd[0] == "PING")
            {
                await pong.Task;
            }
            await Handle(c, cmd, resp2: false);
        };
        await using var client = await ConnectAsync();
        var subscription = client.Subscribe("ch");
        using var _ = subscription.Subscribe(_ => { });
        var ready = subscription.Ready.FirstAsync().ToTask();

        await WaitUntilAsync(() => Server.Connections[0].Received.Any(c => c[0] == "PING"), "SUBSCRIBE and PING were sent");
        await Task.Delay(50);
        Assert.False(ready.IsCompleted);
        Assert.Equal(["SUBSCRIBE", "ch"], Server.Connections[0].Received.Single(c => c[0] == "SUBSCRIBE"));

        pong.SetResult();
        await ready.WaitAsync(Limit);
    }

    [Fact]
    public async Task Restore_is_sent_when_the_reconnect_backoff_elapses_in_virtual_time()
    {
        var scheduler = new TestScheduler();
        Server.Handler = (c, cmd) => Handle(c, cmd, resp2: false);
        var options = FastOptions();
        options.Scheduler = scheduler;
        options.ReconnectBackoff = new Backoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), Jitter: 0);
        await using var client = await ConnectAsync(options);
        var subscription = client.Subscribe("ch");
        var received = new List<string>();
        using var _ = subscription.Subscribe(m => { lock (received) { received.Add(m.Payload.ToString()); } });
        var restored = subscription.Ready.Take(2).LastAsync().ToTask();
        await WaitUntilAsync(() => Server.Connections[0].Received.Any(c => c[0] == "PING"), "the first subscribe");

        var reconnecting = client.ConnectionState.FirstAsync(s => s.Status == ConnectionStatus.Reconnecting).ToTask();
        Server.Connections[0].Close();
        var state = await reconnecting.WaitAsync(Limit);
        Assert.Equal(TimeSpan.FromSeconds(2), state.Delay);
        await Task.Delay(100); // the state is published just before the backoff timer is scheduled

        scheduler.AdvanceBy(TimeSpan.FromSeconds(2).Ticks - 1);
        await Task.Delay(50);
        Assert.Equal(1, Server.ConnectionCount);

        scheduler.AdvanceBy(1);
        await WaitUntilAsync(() => Server.ConnectionCount == 2 && Server.Connections[1].Received.Any(c => c[0] == "SUBSCRIBE"), "the restore on the new socket");
        await restored.WaitAsync(Limit);
        Assert.Equal(["SUBSCRIBE", "ch"], Server.Connections[1].Received.Single(c => c[0] == "SUBSCRIBE"));

        await Message(Server.Connections[1], "ch", "after");
        await WaitUntilAsync(() => { lock (received) { return received.Count == 1; } }, "the message after the restore");
    }

    [Fact]
    public async Task Drop_oldest_keeps_the_newest_messages_and_counts_the_rest()
    {
        Server.Handler = (c, cmd) => Handle(c, cmd, resp2: false);
        await using var client = await ConnectAsync();
        using var entered = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var subscription = client.Subscribe("ch", new SubscriberBufferOptions { Capacity = 10 });
        var slow = new List<string>();
        using var _ = subscription.Subscribe(m =>
        {
            entered.Set();
            gate.Wait();
            lock (slow)
            {
                slow.Add(m.Payload.ToString());
            }
        });
        // Same channel, its own buffer: the default 10,000.
        var fast = new List<string>();
        using var __ = client.Subscribe("ch").Subscribe(m => { lock (fast) { fast.Add(m.Payload.ToString()); } });
        await subscription.Ready.FirstAsync().ToTask().WaitAsync(Limit);

        await Message(Server.Connections[0], "ch", "0");
        Assert.True(entered.Wait(Limit), "the slow subscriber is inside message 0");
        for (var i = 1; i < 100; i++)
        {
            await Message(Server.Connections[0], "ch", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await WaitUntilAsync(() => { lock (fast) { return fast.Count == 100; } }, "the fast subscriber has everything");
        Assert.Equal("v:k", (await client.Get("k")).ToString());
        gate.Set();

        // 1..99 arrived while the slow one was inside message 0: the 10 newest stay buffered, 89 are dropped.
        await WaitUntilAsync(() => { lock (slow) { return slow.Count == 11; } }, "the slow subscriber drains");
        Assert.Equal(["0", .. Enumerable.Range(90, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], slow);
        Assert.Equal(89, subscription.DroppedCount);
    }

    [Fact]
    public async Task Fail_policy_ends_only_the_slow_subscriber()
    {
        Server.Handler = (c, cmd) => Handle(c, cmd, resp2: false);
        await using var client = await ConnectAsync();
        using var gate = new ManualResetEventSlim();
        var subscription = client.Subscribe("ch", new SubscriberBufferOptions { Capacity = 5, Overflow = OverflowPolicy.Fail });
        var error = new TaskCompletionSource<Exception>();
        using var _ = subscription.Subscribe(_ => gate.Wait(), e => error.TrySetResult(e));
        var fast = 0;
        using var __ = client.Subscribe("ch").Subscribe(_ => Interlocked.Increment(ref fast));
        await subscription.Ready.FirstAsync().ToTask().WaitAsync(Limit);

        for (var i = 0; i < 20; i++)
        {
            await Message(Server.Connections[0], "ch", "m");
        }
        gate.Set();

        var overflow = Assert.IsType<RedisSubscriberOverflowException>(await error.Task.WaitAsync(Limit));
        Assert.Equal(5, overflow.Capacity);
        await WaitUntilAsync(() => Volatile.Read(ref fast) == 20, "the other subscriber has everything");
        await Message(Server.Connections[0], "ch", "more");
        await WaitUntilAsync(() => Volatile.Read(ref fast) == 21, "the other subscriber carries on");
    }

    [Fact]
    public async Task Resp2_uses_a_dedicated_subscriber_connection_whose_arrays_never_reach_the_fifo()
    {
        Server.HelloHandler = (c, _) => c.SendRawAsync("-ERR unknown command 'HELLO'\r\n");
        Server.Handler = (c, cmd) => Handle(c, cmd, resp2: true);
        await using var client = await ConnectAsync();
        Assert.Equal(RedisProtocol.Resp2, client.Protocol);
        var subscription = client.PatternSubscribe("news.*");
        var received = new TaskCompletionSource<RedisMessage>();
        using var _ = subscription.Subscribe(m => received.TrySetResult(m));
        await subscription.Ready.FirstAsync().ToTask().WaitAsync(Limit);
        Assert.Equal(2, Server.ConnectionCount);
        var subscriber = Server.Connections[1];
        Assert.Equal(["PSUBSCRIBE", "news.*"], subscriber.Received.Single(c => c[0] == "PSUBSCRIBE"));

        await subscriber.SendAsync(Frame(true, Bulk("pmessage"), Bulk("news.*"), Bulk("news.a"), Bulk("hi")));

        Assert.Equal(new RedisMessage(SubscriptionKind.Pattern, "news.a", "hi", "news.*"), (await received.Task.WaitAsync(Limit)) with { Payload = "hi" });
        Assert.Equal("v:k", (await client.Get("k")).ToString());
        Assert.DoesNotContain(Server.Connections[0].Received, c => c[0] == "PSUBSCRIBE");
    }

    [Fact]
    public async Task The_last_disposal_unsubscribes_and_a_new_subscriber_subscribes_again()
    {
        Server.Handler = (c, cmd) => Handle(c, cmd, resp2: false);
        await using var client = await ConnectAsync();
        var subscription = client.ShardSubscribe("s");
        var first = subscription.Subscribe(_ => { });
        var second = subscription.Subscribe(_ => { });
        await subscription.Ready.FirstAsync().ToTask().WaitAsync(Limit);
        first.Dispose();
        second.Dispose();
        using var third = subscription.Subscribe(_ => { });
        await WaitUntilAsync(() => Server.Connections[0].Received.Count(c => c[0] != "PING" && c[0] != "HELLO") == 3, "three commands");

        Assert.Equal(["SSUBSCRIBE", "SUNSUBSCRIBE", "SSUBSCRIBE"], Server.Connections[0].Received.Where(c => c[0] is not ("PING" or "HELLO")).Select(c => c[0]));
    }

    [Fact]
    public async Task A_channel_subscribed_again_after_its_last_disposal_gets_messages_under_its_own_name()
    {
        Server.Handler = (c, cmd) => Handle(c, cmd, resp2: false);
        await using var client = await ConnectAsync();
        var subscription = client.Subscribe("ch");
        var first = new TaskCompletionSource<RedisMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstHandle = subscription.Subscribe(m => first.TrySetResult(m));
        await subscription.Ready.FirstAsync().ToTask().WaitAsync(Limit);
        await Message(Server.Connections[0], "ch", "one");
        Assert.Equal("one", (await first.Task.WaitAsync(Limit)).Payload.ToString());
        firstHandle.Dispose();

        var second = new TaskCompletionSource<RedisMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = subscription.Subscribe(m => second.TrySetResult(m));
        await WaitUntilAsync(() => Server.Connections[0].Received.Count(c => c[0] == "SUBSCRIBE") == 2, "the second SUBSCRIBE was sent");
        await subscription.Ready.FirstAsync().ToTask().WaitAsync(Limit);
        await Message(Server.Connections[0], "ch", "two");

        var message = await second.Task.WaitAsync(Limit);
        Assert.Equal(("ch", "two"), (message.Channel, message.Payload.ToString()));
    }

    [Fact]
    public void Resp2_classifier_takes_pubsub_arrays_and_leaves_pong_and_replies_in_band()
    {
        Assert.True(RxRedis.PubSub.PubSubFrames.IsOutOfBand(Frame(true, Bulk("message"), Bulk("c"), Bulk("p"))));
        Assert.True(RxRedis.PubSub.PubSubFrames.IsOutOfBand(Frame(true, Bulk("unsubscribe"), Bulk("c"), RespValue.Integer(0))));
        Assert.False(RxRedis.PubSub.PubSubFrames.IsOutOfBand(Frame(true, Bulk("pong"), Bulk(""))));
        Assert.False(RxRedis.PubSub.PubSubFrames.IsOutOfBand(Frame(true, Bulk("message"), Bulk("c"))));
        Assert.False(RxRedis.PubSub.PubSubFrames.IsOutOfBand(Frame(false, Bulk("message"), Bulk("c"), Bulk("p"))));
    }
}
