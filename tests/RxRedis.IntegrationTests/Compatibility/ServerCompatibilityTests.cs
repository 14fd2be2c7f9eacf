using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Client;
using RxRedis.IntegrationTests.Commands;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Compatibility;

/// <summary>
/// One test per row of the README's compatibility table, run in every server lane (RXREDIS_TEST_SERVER): where the
/// server has the feature the test shows it working; where it has not, it shows what the client does instead, a
/// clear exception within a bound, never a hang, and the connection goes on. Issue 16.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class ServerCompatibilityTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private static bool Has(ServerFeature feature) => TestServer.Lacking(feature) == ServerFeature.None;

    [Fact]
    public async Task Resp3_is_negotiated_with_hello()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);

        Assert.Equal(RedisProtocol.Resp3, client.Protocol);
        Assert.Equal("PONG", (await client.Ping().ToTask().WaitAsync(Limit)).ToString());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Pub_sub_delivers_a_published_message_and_the_connection_stays_in_step(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var channel = Prefix(protocol) + "ch";
        var subscription = client.Subscribe(channel);
        var first = subscription.FirstAsync().ToTask();
        using var _ = subscription.Subscribe(_ => { });
        await subscription.Ready.FirstAsync().ToTask().WaitAsync(Limit);

        Assert.Equal(1, await client.Publish(channel, "hello").ToTask().WaitAsync(Limit));

        Assert.Equal("hello", (await first.WaitAsync(Limit)).Payload.ToString());
        Assert.Equal("PONG", (await client.Ping().ToTask().WaitAsync(Limit)).ToString());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Sharded_pub_sub_works_or_fails_the_subscriber_with_the_servers_error(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var channel = Prefix(protocol) + "shard";
        var subscription = client.ShardSubscribe(channel);
        var ready = subscription.Ready.FirstAsync().ToTask();
        var first = subscription.FirstAsync().ToTask();

        if (Has(ServerFeature.ShardPubSubStandalone))
        {
            await ready.WaitAsync(Limit);
            Assert.Equal(1, await client.ShardPublish(channel, "s").ToTask().WaitAsync(Limit));
            Assert.Equal("s", (await first.WaitAsync(Limit)).Payload.ToString());
        }
        else
        {
            await Assert.ThrowsAsync<RedisServerException>(() => first.WaitAsync(Limit));
            Assert.False(ready.IsCompleted); // Ready only ever reports confirmations
        }
        Assert.Equal("PONG", (await client.Ping().ToTask().WaitAsync(Limit)).ToString());
    }

    [Fact]
    public async Task Keyspace_events_arrive_or_the_subscriber_is_told_they_cannot_be_turned_on()
    {
        // Its own server: turning notifications on must not change the shared one.
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = await ConnectAsync(server, RedisProtocol.Resp3);
        var events = client.KeyEvents("compat:*", enableOnServer: true);
        var first = events.FirstAsync().ToTask();

        if (Has(ServerFeature.KeyspaceEvents))
        {
            await events.Ready.FirstAsync().ToTask().WaitAsync(Limit);
            await client.Set("compat:a", "1");
            Assert.Equal("compat:a", (await first.WaitAsync(Limit)).Key);
        }
        else
        {
            // Garnet has no notify-keyspace-events: CONFIG SET refuses it.
            var error = await Assert.ThrowsAsync<RedisServerException>(() => first.WaitAsync(Limit));
            Assert.Contains("notify-keyspace-events", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Client_side_caching_is_enabled_or_refused_with_the_servers_error()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);

        if (Has(ServerFeature.ClientTracking))
        {
            var cache = await client.EnableClientCacheAsync().WaitAsync(Limit);
            Assert.NotNull(cache);
        }
        else
        {
            var error = await Assert.ThrowsAsync<RedisServerException>(() => client.EnableClientCacheAsync().WaitAsync(Limit));
            Assert.Contains("TRACKING", error.Message, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal("PONG", (await client.Ping().ToTask().WaitAsync(Limit)).ToString());
    }

    [Fact]
    public async Task Streams_append_or_fail_with_unknown_command()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var key = Prefix(RedisProtocol.Resp3) + "stream";
        var add = client.XAdd(key, [new KeyValuePair<RedisValue, RedisValue>("f", "v")]).ToTask();

        if (Has(ServerFeature.Streams))
        {
            Assert.False((await add.WaitAsync(Limit)).IsNull);
        }
        else
        {
            var error = await Assert.ThrowsAsync<RedisServerException>(() => add.WaitAsync(Limit));
            Assert.Contains("unknown command", error.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Scripts_run_and_functions_run_or_fail_with_unknown_command()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);

        Assert.Equal(42, (await client.Eval("return 42").ToTask().WaitAsync(Limit)).AsInt64());
        var fcall = client.FCall("compat_no_such_function").ToTask();
        var error = await Assert.ThrowsAsync<RedisServerException>(() => fcall.WaitAsync(Limit));
        // Redis: the function does not exist; Garnet: FCALL itself does not.
        Assert.Contains(Has(ServerFeature.Functions) ? "function" : "unknown command", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task A_transaction_applies_its_commands_together(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        var tx = client.CreateTransaction();
        var incr = tx.Add(client.IncrBy(p + "n", 5));
        var get = tx.Add(client.Get(p + "n"));

        Assert.True(await tx.Execute().ToTask().WaitAsync(Limit));
        Assert.Equal(5, await incr);
        Assert.Equal("5", (await get).ToString());
    }

    [Fact]
    public async Task Acl_answers_or_fails_with_the_servers_error()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var whoami = client.Execute("ACL", "WHOAMI").ToTask();

        if (Has(ServerFeature.Acl))
        {
            Assert.Equal("default", (await whoami.WaitAsync(Limit)).AsString());
        }
        else
        {
            await Assert.ThrowsAsync<RedisServerException>(() => whoami.WaitAsync(Limit));
        }
    }

    [Fact]
    public async Task Cluster_commands_fail_with_the_servers_error_on_a_standalone_server()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);

        await Assert.ThrowsAsync<RedisServerException>(() => client.Execute("CLUSTER", "SHARDS").ToTask().WaitAsync(Limit));
        Assert.Equal("PONG", (await client.Ping().ToTask().WaitAsync(Limit)).ToString());
    }

    [Fact]
    public async Task Waitaof_fails_with_the_servers_error_on_a_server_without_it()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var wait = client.WaitAof(0, 0, TimeSpan.FromMilliseconds(100)).ToTask();

        // Neither redis-server 7.0 nor garnet-server 2.2 has WAITAOF (Redis 7.2).
        Assert.Equal(ServerFeature.ClientNoTouchAndWaitAof, TestServer.Lacking(ServerFeature.ClientNoTouchAndWaitAof));
        var error = await Assert.ThrowsAsync<RedisServerException>(() => wait.WaitAsync(Limit));
        Assert.Contains("WAITAOF", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
