using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Protocol;
using RxRedis.Tests.Fakes;
using static RxRedis.Tests.PubSub.FakePubSub;

namespace RxRedis.Tests.PubSub;

/// <summary>
/// The framing Garnet uses on a RESP3 connection (seen on garnet-server 2.2.13, issue 16): (un)subscribe
/// confirmations come as plain arrays in band, messages as pushes, and SSUBSCRIBE is refused outside cluster mode.
/// Each shape must neither hang the subscriber nor hand a confirmation to the next command in the FIFO.
/// </summary>
public sealed class InBandConfirmationTests : FakeServerTestBase
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    // Answers as garnet-server 2.2.13 does under HELLO 3 (wire traces in the issue 16 note).
    private static Task GarnetResp3(FakeConnection connection, string[] command) => command[0] switch
    {
        "SUBSCRIBE" or "PSUBSCRIBE" or "UNSUBSCRIBE" or "PUNSUBSCRIBE" => connection.SendAsync(
            RespValue.Aggregate(RespType.Array, [Bulk(command[0].ToLowerInvariant()), Bulk(command[1]), RespValue.Integer(1)])),
        "SSUBSCRIBE" => connection.SendRawAsync("-ERR This instance has cluster support disabled\r\n"),
        "SUNSUBSCRIBE" => connection.SendRawAsync("-ERR unknown command 'SUNSUBSCRIBE'\r\n"),
        "GET" when command[1] == "missing" => connection.SendRawAsync("_\r\n"),
        _ => Handle(connection, command, resp2: false),
    };

    // Subscribes (the returned task completes with the first message) and waits until the server confirmed.
    private static async Task<Task<RedisMessage>> SubscribeReadyAsync(RedisSubscription<RedisMessage> subscription)
    {
        var first = subscription.FirstAsync().ToTask();
        await subscription.Ready.FirstAsync().ToTask().WaitAsync(Limit);
        return first;
    }

    [Fact]
    public async Task An_array_confirmation_makes_the_subscription_ready_and_the_next_command_gets_its_own_reply()
    {
        Server.Handler = GarnetResp3;
        await using var client = await ConnectAsync();
        var received = await SubscribeReadyAsync(client.Subscribe("ch"));

        Assert.Equal("v:k", (await client.Get("k").ToTask().WaitAsync(Limit)).ToString());
        await Message(Server.Connections[0], "ch", "hello");

        var message = await received.WaitAsync(Limit);
        Assert.Equal(("ch", "hello"), (message.Channel, message.Payload.ToString()));
        Assert.Equal(1, Server.ConnectionCount);
    }

    [Fact]
    public async Task A_pattern_confirmed_by_array_delivers_pattern_messages()
    {
        Server.Handler = GarnetResp3;
        await using var client = await ConnectAsync();
        var received = await SubscribeReadyAsync(client.PatternSubscribe("c*"));

        await Server.Connections[0].SendAsync(Frame(resp2: false, Bulk("pmessage"), Bulk("c*"), Bulk("cat"), Bulk("meow")));

        var message = await received.WaitAsync(Limit);
        Assert.Equal(("cat", "c*", "meow"), (message.Channel, message.Pattern, message.Payload.ToString()));
    }

    [Fact]
    public async Task An_unsubscribe_confirmed_by_array_leaves_the_fifo_aligned()
    {
        Server.Handler = GarnetResp3;
        await using var client = await ConnectAsync();
        var subscription = client.Subscribe("ch");
        var first = subscription.Subscribe(_ => { });
        await subscription.Ready.FirstAsync().ToTask().WaitAsync(Limit);

        first.Dispose();
        await WaitUntilAsync(() => Server.Connections[0].Received.Any(c => c[0] == "UNSUBSCRIBE"), "UNSUBSCRIBE was sent");
        var values = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.Get($"k{i}").ToTask())).WaitAsync(Limit);

        Assert.Equal(["v:k0", "v:k1", "v:k2", "v:k3", "v:k4"], values.Select(v => v.ToString()));
        Assert.Equal(1, Server.ConnectionCount);
    }

    [Fact]
    public async Task A_null_reply_while_subscribed_goes_to_the_command_that_asked()
    {
        Server.Handler = GarnetResp3;
        await using var client = await ConnectAsync();
        _ = await SubscribeReadyAsync(client.Subscribe("ch"));

        var missing = await client.Get("missing").ToTask().WaitAsync(Limit);
        var present = await client.Get("k").ToTask().WaitAsync(Limit);

        Assert.True(missing.IsNull);
        Assert.Equal("v:k", present.ToString());
        Assert.Equal(1, Server.ConnectionCount);
    }

    [Fact]
    public async Task A_refused_shard_subscribe_fails_the_subscriber_with_the_servers_error()
    {
        Server.Handler = GarnetResp3;
        await using var client = await ConnectAsync();

        var error = await Assert.ThrowsAsync<RedisServerException>(
            () => client.ShardSubscribe("sch").FirstAsync().ToTask().WaitAsync(Limit));

        Assert.Contains("cluster support disabled", error.Message, StringComparison.Ordinal);
        Assert.Equal("v:k", (await client.Get("k").ToTask().WaitAsync(Limit)).ToString());
        Assert.Equal(1, Server.ConnectionCount);
    }
}
