using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

[Collection(RedisCollectionDefinition.Name)]
public sealed class BlockingCommandTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    // RedisEdgeSemantics: Garnet's CLIENT LIST has no cmd= field, so nothing shows that the BLPOP is blocked yet.
    [ServerTheory(ServerFeature.RedisEdgeSemantics)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task A_BLPOP_blocked_on_the_server_does_not_hold_up_100000_GETs_on_the_same_client(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        await client.Set(p + "k", "v");
        var blpop = client.BLPop([p + "empty"], TimeSpan.Zero).ToTask(); // blocks until something is pushed
        await WaitUntilBlockedAsync(client);

        // No clock decides this: the BLPOP can only end by the push below, so GETs queued behind it would never
        // complete (the bound is only there to fail instead of hanging).
        var gets = Enumerable.Range(0, 100_000).Select(_ => client.Get(p + "k").ToTask()).ToArray();
        await Task.WhenAll(gets).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(gets, g => Assert.Equal("v", g.Result.ToString()));
        Assert.False(blpop.IsCompleted, "BLPOP finished before anything was pushed");

        await client.RPush(p + "empty", p + "pushed");
        var popped = await blpop.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(p + "empty", popped!.Value.Key.ToString());
        Assert.Equal(p + "pushed", popped.Value.Value.ToString());
    }

    private static async Task WaitUntilBlockedAsync(RedisClient client)
    {
        for (var i = 0; i < 500; i++)
        {
            if (((string?)(await client.Execute("CLIENT", "LIST")).ToString() ?? "").Contains("cmd=blpop", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(10);
        }
        Assert.Fail("No connection of the server is blocked in BLPOP.");
    }

    [ServerTheory(ServerFeature.Wait)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Blocking_pops_receive_what_is_pushed(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        var waiting = client.BLPop([p + "a", p + "b"], TimeSpan.FromSeconds(5)).ToTask();
        await Task.Delay(100);
        await client.RPush(p + "b", "x");
        var popped = await waiting;
        Assert.Equal(p + "b", popped!.Value.Key.ToString());
        Assert.Equal("x", popped.Value.Value.ToString());

        await client.RPush(p + "l", "1", "2");
        Assert.Equal("2", (await client.BRPop([p + "l"], TimeSpan.FromSeconds(1)))!.Value.Value.ToString());
        Assert.Equal("1", (await client.BLMove(p + "l", p + "m", ListSide.Left, ListSide.Right, TimeSpan.FromSeconds(1))).ToString());
        Assert.Equal("1", (await client.BRPopLPush(p + "m", p + "l", TimeSpan.FromSeconds(1))).ToString());
        Assert.Equal(["1"], (await client.BLMPop([p + "l"], ListSide.Left, TimeSpan.FromSeconds(1), 5))!.Items.Select(v => v.ToString()));
        Assert.Null(await client.BLMPop([p + "l"], ListSide.Left, TimeSpan.FromMilliseconds(50)));

        await client.ZAdd(p + "z", [new("a", 1), new("b", 2), new("c", 3)]);
        Assert.Equal(new SortedSetEntry("a", 1), (await client.BZPopMin([p + "z"], TimeSpan.FromSeconds(1)))!.Value.Value);
        Assert.Equal(new SortedSetEntry("c", 3), (await client.BZPopMax([p + "z"], TimeSpan.FromSeconds(1)))!.Value.Value);
        Assert.Equal(new SortedSetEntry("b", 2), (await client.BZMPop([p + "z"], SortedSetOrder.Min, TimeSpan.FromSeconds(1)))!.Items.Single());
        Assert.Null(await client.BZPopMin([p + "z"], TimeSpan.FromMilliseconds(50)));
        Assert.Equal(0, await client.Wait(0, TimeSpan.FromMilliseconds(10)));

        await client.Set(p + "s", "x");
        Assert.Equal("WRONGTYPE", (await Assert.ThrowsAsync<RedisServerException>(async () => await client.BLPop([p + "s"], TimeSpan.FromSeconds(1)))).Prefix);
        // A blocking command with its own error still left its connection reusable.
        Assert.Null(await client.BLPop([p + "none"], TimeSpan.FromMilliseconds(10)));
    }

    [ServerFact(ServerFeature.RedisOnlyCommands)]
    public async Task Disposing_a_blocked_BLPOP_closes_its_connection_so_it_cannot_swallow_a_later_push()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var p = Prefix(RedisProtocol.Resp3);
        var received = false;
        var subscription = client.BLPop([p + "q"], TimeSpan.Zero).Subscribe(_ => received = true);
        await WaitForBlockedClientsAsync(client, 1);
        subscription.Dispose();
        await WaitForBlockedClientsAsync(client, 0);
        await client.RPush(p + "q", "kept");
        await Task.Delay(100);
        Assert.False(received);
        Assert.Equal(1, await client.LLen(p + "q"));
        // The pool slot was freed: blocking commands still work.
        Assert.Equal("kept", (await client.BLPop([p + "q"], TimeSpan.FromSeconds(1)))!.Value.Value.ToString());
    }

    [ServerFact(ServerFeature.RedisOnlyCommands)]
    public async Task A_blocking_command_that_outlives_its_block_time_plus_margin_times_out_and_closes_its_connection()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, server.Port),
            CommandTimeout = TimeSpan.FromSeconds(1),
        });
        // Open the dedicated connection before pausing: CLIENT PAUSE would hold its handshake too. Retried because
        // a cold process on 2 cores can stall its thread pool for about a second (see the issue note).
        Assert.Null(await client.BLPop(["q"], TimeSpan.FromMilliseconds(10)).Retry(3));
        // CLIENT PAUSE holds every command, so BLPOP's 0.1 s block cannot end on time: after 0.1 s + 1 s it times out.
        await client.ClientPause(TimeSpan.FromSeconds(3));
        var error = await Assert.ThrowsAsync<RedisTimeoutException>(async () => await client.BLPop(["q"], TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TimeSpan.FromMilliseconds(1100), error.Timeout);
        Assert.Equal(CommandOutcome.Unknown, error.Outcome);
        await client.ClientUnpause().WithTimeout(TimeSpan.FromSeconds(5)); // queued behind the pause itself
    }

    [Fact]
    public async Task The_idle_health_check_never_probes_a_dedicated_connection_that_is_blocked()
    {
        // A health-check PING queued behind the BLPOP would time out and cut the connection under it.
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, Fixture.Server.Port),
            HealthCheckInterval = TimeSpan.FromMilliseconds(50),
            CommandTimeout = TimeSpan.FromMilliseconds(200),
        });
        var p = Prefix(RedisProtocol.Resp3);
        var popped = client.BLPop([p + "late"], TimeSpan.FromSeconds(3)).ToTask();
        await Task.Delay(800);
        await client.LPush(p + "late", "arrived");

        Assert.Equal("arrived", (await popped)!.Value.Value.ToString());
    }

    private static async Task WaitForBlockedClientsAsync(RedisClient client, int count)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await client.Info("clients"))["blocked_clients"] == count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"blocked_clients never became {count}");
    }
}
