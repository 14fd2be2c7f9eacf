using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Reactive.Testing;
using RxRedis.Diagnostics;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Sentinel;
using RxRedis.Tests.Fakes;
using RxRedis.Tests.PubSub;
using RxRedis.Transport;

namespace RxRedis.Tests.Sentinel;

/// <summary>A client with <see cref="RedisOptions.Sentinel"/> against scripted sentinels and nodes (see <see cref="FakeSentinels"/>).</summary>
public sealed class SentinelClientTests
{
    private static readonly RedisEndPoint S1 = RedisEndPoint.Tcp("10.0.1.1", 26379);
    private static readonly RedisEndPoint S2 = RedisEndPoint.Tcp("10.0.1.2", 26379);
    private static readonly RedisEndPoint A = RedisEndPoint.Tcp("10.0.0.1", 6379);
    private static readonly RedisEndPoint B = RedisEndPoint.Tcp("10.0.0.2", 6379);
    private static readonly RedisEndPoint C = RedisEndPoint.Tcp("10.0.0.3", 6379);

    private readonly FakeSentinels _fake = new();

    [Fact]
    public async Task Connects_to_the_primary_a_sentinel_names_verifies_its_role_and_reports_it_as_the_endpoint()
    {
        _fake.AddSentinel(S1);
        var node = _fake.AddNode(A, () => "master");
        _fake.Primary = A;

        await using var client = await RedisClient.ConnectAsync(_fake.Options(), _fake.Network);

        Assert.Equal("v:k", (string?)await client.Get("k"));
        Assert.Equal(A, (await client.ConnectionState.FirstAsync()).EndPoint);
        Assert.Contains(node.Connections[0].Received, c => c[0] == "ROLE");
        Assert.Contains(_fake.Sentinels[S1].Connections.SelectMany(c => c.Received), c => c is ["SENTINEL", "GET-MASTER-ADDR-BY-NAME", FakeSentinels.Service]);
    }

    [Fact]
    public async Task Sentinel_credentials_go_to_the_sentinels_and_the_nodes_credentials_and_database_to_the_nodes()
    {
        var sentinel = _fake.AddSentinel(S1);
        var node = _fake.AddNode(A, () => "master");
        _fake.Primary = A;
        var options = _fake.Options();
        options.User = "app";
        options.Password = "node-secret";
        options.Database = 2;
        options.Sentinel!.User = "watcher";
        options.Sentinel.Password = "sentinel-secret";

        await using var client = await RedisClient.ConnectAsync(options, _fake.Network);

        Assert.All(sentinel.Connections.Where(c => !c.Received.IsEmpty), c => Assert.Equal(["HELLO", "3", "AUTH", "watcher", "sentinel-secret"], c.Received.First()));
        Assert.Equal(["HELLO", "3", "AUTH", "app", "node-secret"], node.Connections[0].Received.First());
        Assert.Contains(["SELECT", "2"], node.Connections[0].Received);
        Assert.DoesNotContain("secret", client.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_whose_role_is_not_master_fails_the_connect_with_an_error_that_says_so()
    {
        _fake.AddSentinel(S1);
        _fake.AddNode(A, () => "slave");
        _fake.Primary = A;

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(_fake.Options(), _fake.Network));

        Assert.Equal(CommandOutcome.NotSent, error.Outcome);
        Assert.Contains($"named {A} as the primary of '{FakeSentinels.Service}', but its ROLE is 'slave'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_AbortOnConnectFail_the_client_asks_again_until_the_node_is_a_master()
    {
        _fake.AddSentinel(S1);
        var promoted = false;
        _fake.AddNode(A, () => Volatile.Read(ref promoted) ? "master" : "slave");
        _fake.Primary = A;
        var options = _fake.Options();
        options.AbortOnConnectFail = false;

        await using var client = await RedisClient.ConnectAsync(options, _fake.Network);
        Volatile.Write(ref promoted, true);

        Assert.Equal("v:k", (string?)await client.Get("k"));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task A_switch_master_announcement_closes_the_old_primarys_sockets_and_the_client_reconnects_to_the_new_one(RedisProtocol protocol)
    {
        var fake = new FakeSentinels(protocol);
        fake.AddSentinel(S1);
        var old = fake.AddNode(A, () => "master");
        var next = fake.AddNode(B, () => "master");
        fake.Primary = A;
        await using var client = await RedisClient.ConnectAsync(fake.Options(), fake.Network);
        await client.Get("k");
        await FakeServerTestBase.WaitUntilAsync(() => Subscribed(fake, S1), "the monitor subscribed to +switch-master");

        fake.Primary = B;
        await fake.AnnounceSwitchAsync(A);

        await FakeServerTestBase.WaitUntilAsync(() => old.Connections.All(c => c.IsClosedByClient), "the sockets to the old primary are closed");
        Assert.Equal("v:k", (string?)await client.Get("k"));
        Assert.Equal(B, (await client.ConnectionState.FirstAsync()).EndPoint);
        Assert.Contains(next.Connections.SelectMany(c => c.Received), c => c is ["GET", "k"]);
    }

    [Fact]
    public async Task After_the_primary_crashed_a_switch_master_wakes_the_connection_from_its_backoff_to_dial_the_new_primary_at_once()
    {
        var scheduler = new TestScheduler();
        _fake.AddSentinel(S1);
        var crashed = _fake.AddNode(A, () => "master");
        var promoted = _fake.AddNode(B, () => "master");
        _fake.Primary = A;
        var options = VirtualTimeOptions(scheduler, new Backoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), Jitter: 0));
        await using var client = await RedisClient.ConnectAsync(options, _fake.Network);
        await FakeServerTestBase.WaitUntilAsync(() => Subscribed(S1), "the monitor subscribed to +switch-master");
        var reconnecting = client.ConnectionState.FirstAsync(s => s.Status == ConnectionStatus.Reconnecting).ToTask();

        crashed.Refuse = true;
        foreach (var connection in crashed.Connections)
        {
            connection.Close();
        }
        Assert.Equal(TimeSpan.FromSeconds(10), (await reconnecting.WaitAsync(TimeSpan.FromSeconds(5))).Delay);
        _fake.Primary = B;
        await _fake.AnnounceSwitchAsync(A);

        // Virtual time never moves: only the announcement can have ended the 10 s backoff.
        Assert.Equal("v:k", (string?)await client.Get("k").ToTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(B, (await client.ConnectionState.FirstAsync()).EndPoint);
        Assert.Equal(0, scheduler.Clock);
        Assert.Contains(promoted.Connections.SelectMany(c => c.Received), c => c is ["GET", "k"]);
    }

    [Fact]
    public async Task After_the_primary_crashed_a_switch_master_wakes_an_idle_dedicated_connection_from_its_backoff_too()
    {
        var scheduler = new TestScheduler();
        _fake.AddSentinel(S1);
        var crashed = AnswerBlpop(_fake.AddNode(A, () => "master"));
        var promoted = AnswerBlpop(_fake.AddNode(B, () => "master"));
        _fake.Primary = A;
        var options = VirtualTimeOptions(scheduler, new Backoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), Jitter: 0));
        await using var client = await RedisClient.ConnectAsync(options, _fake.Network);
        await FakeServerTestBase.WaitUntilAsync(() => Subscribed(S1), "the monitor subscribed to +switch-master");
        Assert.Equal("x:q", (await client.BLPop(["q"], TimeSpan.FromSeconds(1)))!.Value.Value.ToString()); // leases, then idles

        crashed.Refuse = true;
        foreach (var connection in crashed.Connections)
        {
            connection.Close();
        }
        // Each connection disposes its socket once it has seen the close, before it backs off: the idle dedicated one
        // is then known to be down, so the next BLPOP cannot be written to the dead socket first.
        await FakeServerTestBase.WaitUntilAsync(() => crashed.Connections.All(c => c.IsClosedByClient), "the client saw the crash on every connection");
        _fake.Primary = B;
        await _fake.AnnounceSwitchAsync(A);

        // Virtual time never moves: the idle dedicated connection, unwoken, would sleep out its 10 s backoff with the
        // BLPOP queued on it.
        var popped = await client.BLPop(["q"], TimeSpan.FromSeconds(1)).ToTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("x:q", popped!.Value.Value.ToString());
        Assert.Equal(0, scheduler.Clock);
        Assert.Contains(promoted.Connections.SelectMany(c => c.Received), c => c[0] == "BLPOP");
    }

    /// <summary>The node answers <c>BLPOP key timeout</c> with <c>[key, "x:key"]</c> at once; everything else as before.</summary>
    private static FakeRedisServer AnswerBlpop(FakeRedisServer node)
    {
        var inner = node.Handler;
        node.Handler = (c, command) => command[0] == "BLPOP"
            ? c.SendAsync(RespValue.Aggregate(RespType.Array, [FakePubSub.Bulk(command[1]), FakePubSub.Bulk("x:" + command[1])]))
            : inner(c, command);
        return node;
    }

    [Fact]
    public async Task A_switch_of_another_service_changes_nothing()
    {
        _fake.AddSentinel(S1);
        var old = _fake.AddNode(A, () => "master");
        var other = _fake.AddNode(B, () => "master");
        var promoted = _fake.AddNode(C, () => "master");
        _fake.Primary = A;
        using var capture = new TelemetryCapture("10.0.0.1", 6379);
        var options = _fake.Options();
        options.AddDiagnostics(new RedisDiagnosticsOptions { Logger = capture });
        await using var client = await RedisClient.ConnectAsync(options, _fake.Network);
        await FakeServerTestBase.WaitUntilAsync(() => Subscribed(S1), "the monitor subscribed to +switch-master");

        // The monitor reads its channel in order, so once it has followed the second announcement (this service, to
        // C) it has read the first (another service, to B): no clock decides what it did with it.
        await _fake.AnnounceSwitchAsync(A, service: "other", newPrimary: B);
        _fake.Primary = C;
        await _fake.AnnounceSwitchAsync(A);
        var toC = $"Sentinel {S1} announced +switch-master for {FakeSentinels.Service}: {A} -> {C}";
        List<string> Followed() => [.. capture.Logs.Where(l => l.Id.Id == RedisLogEvents.SentinelSwitchMaster).Select(l => l.Message)];
        await FakeServerTestBase.WaitUntilAsync(() => Followed().Contains(toC), "the monitor read this service's announcement");
        await FakeServerTestBase.WaitUntilAsync(() => old.Connections.All(c => c.IsClosedByClient), "the sockets to the old primary are closed");

        Assert.Equal([toC], Followed());
        Assert.Equal("v:k", (string?)await client.Get("k"));
        Assert.Equal(C, (await client.ConnectionState.FirstAsync()).EndPoint);
        Assert.Contains(promoted.Connections.SelectMany(c => c.Received), r => r is ["GET", "k"]);
        Assert.Empty(other.Connections);
    }

    [Fact]
    public async Task A_failover_missed_while_the_monitor_was_disconnected_is_found_when_it_subscribes_again()
    {
        _fake.AddSentinel(S1);
        var old = _fake.AddNode(A, () => "master");
        _fake.AddNode(B, () => "master");
        _fake.Primary = A;
        await using var client = await RedisClient.ConnectAsync(_fake.Options(), _fake.Network);
        await FakeServerTestBase.WaitUntilAsync(() => Subscribed(S1), "the monitor subscribed to +switch-master");

        // The failover happens while the monitor's sentinel connection is down, so its announcement is never heard.
        _fake.Primary = B;
        foreach (var connection in _fake.Sentinels[S1].Connections.Where(c => c.Received.Any(r => r[0] == "SUBSCRIBE")))
        {
            connection.Close();
        }

        await FakeServerTestBase.WaitUntilAsync(() => old.Connections.All(c => c.IsClosedByClient), "the sockets to the old primary are closed");
        Assert.Equal("v:k", (string?)await client.Get("k"));
        Assert.Equal(B, (await client.ConnectionState.FirstAsync()).EndPoint);
    }

    [Fact]
    public async Task Reading_from_replicas_connects_to_a_healthy_replica_and_checks_it_is_one()
    {
        _fake.AddSentinel(S1);
        _fake.AddNode(A, () => "master");
        _fake.AddNode(B, () => "slave");
        var healthy = _fake.AddNode(C, () => "slave");
        _fake.Primary = A;
        _fake.Replicas.Add((B, "s_down,slave", "ok"));
        _fake.Replicas.Add((A, "slave", "err"));
        _fake.Replicas.Add((C, "slave", "ok"));

        await using var client = await RedisClient.ConnectAsync(_fake.Options(SentinelReadFrom.Replica), _fake.Network);

        Assert.Equal("v:k", (string?)await client.Get("k"));
        Assert.Equal(C, (await client.ConnectionState.FirstAsync()).EndPoint);
        Assert.Contains(healthy.Connections[0].Received, c => c[0] == "ROLE");
    }

    [Fact]
    public async Task With_no_healthy_replica_the_error_says_what_each_sentinel_knew()
    {
        _fake.AddSentinel(S1);
        _fake.AddSentinel(S2, knowsService: false);
        _fake.Replicas.Add((B, "slave,disconnected", "err"));

        var error = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisClient.ConnectAsync(_fake.Options(SentinelReadFrom.Replica), _fake.Network));

        Assert.Contains($"{S1} knows no replica of '{FakeSentinels.Service}' that is up", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{S2}: ERR No such master with that name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sentinel_that_answered_is_asked_first_next_time()
    {
        var stale = _fake.AddSentinel(S1, knowsService: false);
        _fake.AddSentinel(S2);
        var options = _fake.Options();
        options.Validate();
        var resolver = new SentinelResolver(_fake.Network, options, new SentinelList([S1, S2]), logger: null);

        Assert.Equal(_fake.Primary, await resolver.ResolveAsync(SentinelReadFrom.Primary, CancellationToken.None));
        Assert.Equal(_fake.Primary, await resolver.ResolveAsync(SentinelReadFrom.Primary, CancellationToken.None));

        Assert.Single(stale.Connections);
        Assert.Equal([S1, S2, S2], _fake.Network.Dials);
    }

    [Fact]
    public async Task Dial_hooks_see_the_sentinels_and_the_node_actually_dialled()
    {
        _fake.AddSentinel(S1);
        _fake.AddNode(A, () => "master");
        _fake.Primary = A;
        var hook = new DialRecorder();
        var options = _fake.Options();
        options.Hooks.Add(hook);

        await using var client = await RedisClient.ConnectAsync(options, _fake.Network);

        Assert.Contains(S1, hook.Dialled);
        Assert.Contains(A, hook.Dialled);
        Assert.DoesNotContain(options.EndPoint, hook.Dialled);
    }

    [Fact]
    public async Task A_refused_subscription_to_the_sentinels_is_tried_again_after_the_reconnect_backoff_in_virtual_time()
    {
        var scheduler = new TestScheduler();
        var sentinel = _fake.AddSentinel(S1);
        var refusals = 1;
        var answer = sentinel.Handler;
        sentinel.Handler = (c, command) => command[0] == "SUBSCRIBE" && Interlocked.Decrement(ref refusals) >= 0
            ? c.SendRawAsync("-NOPERM this user has no permissions to access the '+switch-master' channel\r\n")
            : answer(c, command);
        _fake.AddNode(A, () => "master");
        _fake.Primary = A;
        var options = VirtualTimeOptions(scheduler, new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), Jitter: 0));
        await using var client = await RedisClient.ConnectAsync(options, _fake.Network);
        int Subscribes() => sentinel.Connections.Sum(c => c.Received.Count(r => r[0] == "SUBSCRIBE"));
        await FakeServerTestBase.WaitUntilAsync(() => Subscribes() == 1, "the monitor tried to subscribe");
        await Task.Delay(50); // the refusal reaches the monitor, which schedules the next attempt

        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(100).Ticks - 1);
        await Task.Delay(50);
        Assert.Equal(1, Subscribes());
        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(100).Ticks);

        await FakeServerTestBase.WaitUntilAsync(() => Subscribed(S1) && Subscribes() == 2, "the monitor subscribed at the second attempt");
    }

    /// <summary>The fake's options on <paramref name="scheduler"/>, reconnecting with <paramref name="backoff"/>, with no health check.</summary>
    private RedisOptions VirtualTimeOptions(TestScheduler scheduler, Backoff backoff)
    {
        var options = _fake.Options();
        options.Scheduler = scheduler;
        options.HealthCheckInterval = Timeout.InfiniteTimeSpan;
        options.ReconnectBackoff = backoff;
        return options;
    }

    private bool Subscribed(RedisEndPoint sentinel) => Subscribed(_fake, sentinel);

    private static bool Subscribed(FakeSentinels fake, RedisEndPoint sentinel) =>
        fake.Sentinels[sentinel].Connections.Any(c => !c.IsClosedByClient && c.Received.Any(r => r is ["SUBSCRIBE", "+switch-master"]));

    private sealed class DialRecorder : IRedisHook
    {
        public System.Collections.Concurrent.ConcurrentBag<RedisEndPoint> Dialled { get; } = [];

        public IObservable<IRedisDuplexPipe> Dial(RedisEndPoint endPoint, IObservable<IRedisDuplexPipe> inner)
        {
            Dialled.Add(endPoint);
            return inner;
        }
    }
}
