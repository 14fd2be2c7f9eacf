using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;
using static RxRedis.IntegrationTests.PubSub.PubSubTestHelpers;

namespace RxRedis.IntegrationTests.PubSub;

// Each test owns its server: notify-keyspace-events is server-wide.
public sealed class KeyspaceTests
{
    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Set_expire_del_and_expiry_give_the_exact_event_sequence(RedisProtocol protocol)
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { ExtraArgs = ["--notify-keyspace-events", "KA"] });
        await using var client = await ConnectAsync(server, protocol);
        var events = client.KeyEvents("ks:*");
        var recorder = new Recorder<KeyEvent>();
        using var _ = events.Subscribe(recorder);
        await WaitReadyAsync(events);

        await client.Set("ks:a", "1");
        await client.Expire("ks:a", TimeSpan.FromSeconds(100));
        await client.Del("ks:a");
        await client.Set("other", "ignored");
        await client.Set("ks:b", "2", new SetOptions { Expiry = TimeSpan.FromMilliseconds(20) });

        await recorder.WaitForCountAsync(6);
        Assert.Equal(
            [
                ("ks:a", KeyEventKind.Set), ("ks:a", KeyEventKind.Expire), ("ks:a", KeyEventKind.Del),
                ("ks:b", KeyEventKind.Set), ("ks:b", KeyEventKind.Expire), ("ks:b", KeyEventKind.Expired),
            ],
            recorder.Items.Select(e => (e.Key, e.Kind)));
        Assert.All(recorder.Items, e => Assert.Equal(0, e.Database));
    }

    [Fact]
    public async Task Disabled_notifications_fail_with_a_clear_error()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = await ConnectAsync(server, RedisProtocol.Resp3);

        var error = await Assert.ThrowsAsync<KeyspaceNotificationsDisabledException>(() => client.KeyEvents("k*").Timeout(WaitLimit).FirstAsync().ToTask());

        Assert.Equal("", error.Flags);
        Assert.Contains("CONFIG SET notify-keyspace-events", error.Message, StringComparison.Ordinal);
        Assert.Equal("0", (await server.ExecRawAsync("PUBSUB", "NUMPAT")));
    }

    [Fact]
    public async Task Opting_in_enables_notifications_on_the_server()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = await ConnectAsync(server, RedisProtocol.Resp3);
        var events = client.KeyEvents("opt:*", enableOnServer: true);
        var recorder = new Recorder<KeyEvent>();
        using var _ = events.Subscribe(recorder);
        await WaitReadyAsync(events);

        await client.Set("opt:x", "1");

        await recorder.WaitForCountAsync(1);
        Assert.Equal(new KeyEvent("opt:x", "set", 0), recorder.Items[0]);
        var flags = (await server.ExecRawAsync("CONFIG", "GET", "notify-keyspace-events")).Split('\n')[1];
        Assert.Contains('K', flags);
    }
}
