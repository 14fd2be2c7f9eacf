using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Reactive.Testing;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Connection;

/// <summary>
/// A server (or proxy) that loses or adds one reply would, without a check, shift every later reply onto the next
/// command. Each GET here asks for a key the fake echoes back, so a reply delivered to the wrong command shows.
/// </summary>
public sealed class InStepTests : FakeServerTestBase
{
    private readonly ConcurrentDictionary<string, int> _seen = new();

    // Echoes GET's key, except that the first GET of "lost" is never answered (and "dup" is answered twice).
    private Task LosingHandler(FakeConnection connection, string[] command)
    {
        if (command[0] == "GET" && command[1] == "lost" && _seen.AddOrUpdate("lost", 1, (_, n) => n + 1) == 1)
        {
            return Task.CompletedTask;
        }
        if (command[0] == "GET" && command[1] == "dup" && _seen.AddOrUpdate("dup", 1, (_, n) => n + 1) == 1)
        {
            return connection.SendRawAsync("$3\r\ndup\r\n$5\r\nextra\r\n");
        }
        return FakeRedisServer.DefaultHandler(connection, command);
    }

    private static async Task<(string Key, string? Value, Exception? Error)[]> GetAllAsync(RedisClient client, IEnumerable<string> keys)
    {
        var gets = keys.Select(async key =>
        {
            try
            {
                return (key, (string?)(await client.Get(key)).ToString(), (Exception?)null);
            }
            catch (RedisException e)
            {
                return (key, null, e);
            }
        }).ToArray();
        return await Task.WhenAll(gets);
    }

    // Options whose timers all run on a fresh TestScheduler.
    private static (TestScheduler Scheduler, RedisOptions Options) Virtual(TimeSpan commandTimeout, TimeSpan healthCheck)
    {
        var scheduler = new TestScheduler();
        var options = FastOptions();
        options.Scheduler = scheduler;
        options.CommandTimeout = commandTimeout;
        options.HealthCheckInterval = healthCheck;
        return (scheduler, options);
    }

    [Theory]
    [InlineData("lost")]
    [InlineData("dup")]
    public async Task With_high_integrity_a_lost_or_added_reply_never_reaches_another_command(string faulty)
    {
        Server.Handler = LosingHandler;
        var options = FastOptions();
        options.HighIntegrity = true;
        options.CommandTimeout = TimeSpan.FromSeconds(30); // the check, not a timeout, must catch it
        await using var client = await ConnectAsync(options);
        string[] keys = [.. Enumerable.Range(0, 50).Select(i => $"a{i}"), faulty, .. Enumerable.Range(0, 50).Select(i => $"b{i}")];

        var results = await GetAllAsync(client, keys).WaitAsync(TimeSpan.FromSeconds(20));

        foreach (var (key, value, error) in results)
        {
            Assert.True(error is not null || value == key, $"GET {key} received '{value}', another command's reply.");
        }
        // GET is read-only: the commands the torn-down socket held were sent again and got their own replies.
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(2, Server.ConnectionCount);
        Assert.Contains(Server.Connections[0].Received, c => c[0] == "PING" && c.Length == 2 && c[1].StartsWith("rxredis-step:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_reply_is_overdue_later_replies_are_held_until_a_check_proves_the_stream_in_step()
    {
        Server.Handler = LosingHandler;
        var (scheduler, options) = Virtual(commandTimeout: TimeSpan.FromSeconds(1), healthCheck: Timeout.InfiniteTimeSpan);
        await using var client = await ConnectAsync(options);

        var lost = client.Get("lost").ToTask();
        await WaitUntilAsync(() => Server.Connections[0].Received.Any(c => c[0] == "GET"), "the server got the GET that it will not answer");
        scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);
        var timeout = await Assert.ThrowsAsync<RedisTimeoutException>(() => lost);
        Assert.Equal(CommandOutcome.Unknown, timeout.Outcome);

        // The next reply the server sends is the check's token, which lands in the lost GET's slot: without the
        // check the next GET's reply would fill that slot and the GET after it would get a neighbour's reply.
        var gets = GetAllAsync(client, ["n1", "n2", "n3"]);
        await PumpUntilAsync(scheduler, () => gets.IsCompleted, "the GETs after the lost reply ended"); // reconnect backoff is virtual
        var next = await gets;

        Assert.All(next, r => Assert.Equal(r.Key, r.Value));
        Assert.Equal(2, Server.ConnectionCount);
    }

    [Fact]
    public async Task The_health_check_finds_a_shifted_stream_on_a_busy_connection_and_replaces_it()
    {
        Server.Handler = LosingHandler;
        var (scheduler, options) = Virtual(commandTimeout: TimeSpan.FromSeconds(30), healthCheck: TimeSpan.FromSeconds(1));
        await using var client = await ConnectAsync(options);

        // Default mode: the lost reply shifts the stream and the GET after it gets a neighbour's reply ("b"), the
        // documented bound. The next health check's token then lands in a command's slot and the socket is replaced.
        var lost = client.Get("lost").ToTask();
        await WaitUntilAsync(() => Server.Connections[0].Received.Count(c => c[0] == "GET") == 1, "the lost GET was sent");
        var b = client.Get("b").ToTask();
        await WaitUntilAsync(() => Server.Connections[0].Received.Count(c => c[0] == "GET") == 2, "the second GET was sent");
        var c = client.Get("c").ToTask();
        await WaitUntilAsync(() => Server.Connections[0].Received.Count(c => c[0] == "GET") == 3, "the third GET was sent");
        Assert.Equal("b", (await lost).ToString());
        Assert.Equal("c", (await b).ToString());
        scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);
        await PumpUntilAsync(scheduler, () => c.IsCompleted, "the third GET ended");

        Assert.Equal("c", (await c).ToString()); // resent on the new socket: its own reply
        Assert.Equal(2, Server.ConnectionCount);
        Assert.Equal("d", (await client.Get("d")).ToString());
    }

    [Fact]
    public async Task The_health_check_probes_every_interval_on_an_idle_link()
    {
        var (scheduler, options) = Virtual(commandTimeout: TimeSpan.FromSeconds(5), healthCheck: TimeSpan.FromSeconds(1));
        await using var client = await ConnectAsync(options);
        var perInterval = new List<int>();
        for (var i = 1; i <= 6; i++)
        {
            scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);
            await WaitUntilAsync(() => Pings() == i, $"health check {i} sent");
            // Its answer read: a GET sent after it is answered after it. A tick while a check is still unanswered
            // rightly sends none, so moving the clock once the server had the PING made check 5 go missing.
            await client.Get("in-step:after-check").ToTask();
            perInterval.Add(Pings());
        }
        Assert.Equal([1, 2, 3, 4, 5, 6], perInterval);

        int Pings() => Server.Connections[0].Received.Count(c => c[0] == "PING");
    }

    [Fact]
    public async Task A_health_check_answered_with_anything_but_its_token_closes_the_connection()
    {
        Server.Handler = (c, command) => command[0] == "PING" ? c.SendRawAsync("+PONG\r\n") : FakeRedisServer.DefaultHandler(c, command);
        var (scheduler, options) = Virtual(commandTimeout: TimeSpan.FromSeconds(5), healthCheck: TimeSpan.FromSeconds(1));
        await using var client = await ConnectAsync(options);
        var states = new ConcurrentQueue<ConnectionState>();
        using var _ = client.ConnectionState.Subscribe(states.Enqueue);

        scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);

        await WaitUntilAsync(() => states.Any(s => s.Status == ConnectionStatus.Disconnected), "the connection was dropped");
        Assert.Contains("in-step check", states.First(s => s.Status == ConnectionStatus.Disconnected).Reason?.Message, StringComparison.Ordinal);
    }
}
