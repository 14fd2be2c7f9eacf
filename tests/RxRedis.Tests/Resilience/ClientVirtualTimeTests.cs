using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Text;
using Microsoft.Reactive.Testing;
using RxRedis.Commands;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Tests.Fakes;
using RxRedis.Transport;

namespace RxRedis.Tests.Resilience;

/// <summary>
/// Timeouts, reconnects and health checks of a whole client, in virtual time. Replies arrive on the thread pool, so
/// each test waits (bounded, real) for the fake server to see a command before it moves the clock.
/// </summary>
public sealed class ClientVirtualTimeTests : FakeServerTestBase
{
    private readonly TestScheduler _scheduler = new();

    private RedisOptions VirtualOptions()
    {
        var options = FastOptions();
        options.Scheduler = _scheduler;
        options.CommandTimeout = TimeSpan.FromSeconds(1);
        options.HealthCheckInterval = Timeout.InfiniteTimeSpan;
        options.RetryPolicy = RetryPolicy.None;
        return options;
    }

    private int Received(string command) =>
        Server.Connections.Sum(c => c.Received.Count(r => r[0].Equals(command, StringComparison.OrdinalIgnoreCase)));

    [Fact]
    public async Task A_command_timeout_fires_at_exactly_T_and_the_late_reply_is_dropped()
    {
        var silent = new ConcurrentQueue<(FakeConnection Connection, string Key)>();
        var behindSlow = new ConcurrentQueue<string>(); // Redis answers in order: nothing overtakes the slow reply
        Server.Handler = (c, cmd) =>
        {
            if (cmd[1] == "slow")
            {
                silent.Enqueue((c, cmd[1]));
                return Task.CompletedTask;
            }
            if (!silent.IsEmpty)
            {
                behindSlow.Enqueue(cmd[1]); // e.g. the in-step check sent after the timeout
                return Task.CompletedTask;
            }
            return c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[1])));
        };
        await using var client = await ConnectAsync(VirtualOptions());
        _scheduler.AdvanceTo(TimeSpan.FromSeconds(3).Ticks);
        var start = _scheduler.Clock;
        var error = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errorClock = -1L;
        using var _ = client.Get("slow").Subscribe(_ => { }, e => { errorClock = _scheduler.Clock; error.TrySetResult(e); });
        await WaitUntilAsync(() => Received("GET") == 1, "the server got the GET");

        _scheduler.AdvanceTo(start + TimeSpan.FromSeconds(1).Ticks - 1);
        await Task.Delay(50);
        Assert.False(error.Task.IsCompleted, "no timeout before T");
        _scheduler.AdvanceTo(start + TimeSpan.FromSeconds(1).Ticks);
        var timeout = Assert.IsType<RedisTimeoutException>(await error.Task.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(CommandOutcome.Unknown, timeout.Outcome);
        Assert.Equal(start + TimeSpan.FromSeconds(1).Ticks, errorClock);
        silent.TryDequeue(out var late);
        await late.Connection.SendAsync(RespValue.BulkString("slow"u8.ToArray()));
        while (behindSlow.TryDequeue(out var held))
        {
            await late.Connection.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(held)));
        }
        Assert.Equal("next", (await client.Get("next")).ToString()); // the late reply did not reach the next command
        Assert.Equal(1, client.Connection.DroppedReplies);
    }

    [Fact]
    public async Task A_per_call_timeout_and_a_blocking_commands_block_time_run_on_the_scheduler()
    {
        Server.Handler = (_, _) => Task.CompletedTask; // never answers
        await using var client = await ConnectAsync(VirtualOptions());
        var times = new ConcurrentDictionary<string, long>();
        using var perCall = client.Get("a").WithTimeout(TimeSpan.FromMilliseconds(200)).Subscribe(_ => { }, _ => times["get"] = _scheduler.Clock);
        var blpop = new RedisCommand<RespValue>(client.Connection, CommandTable.BLPop, ReplyDecoders.Raw, ["list", "2"], TimeSpan.FromSeconds(2));
        using var blocking = blpop.Subscribe(_ => { }, _ => times["blpop"] = _scheduler.Clock);
        await WaitUntilAsync(() => Received("GET") == 1 && Received("BLPOP") == 1, "the server got both commands");

        // Replies and errors are delivered on the thread pool, so the clock is moved only to each expected instant.
        _scheduler.AdvanceTo(TimeSpan.FromMilliseconds(200).Ticks - 1);
        _scheduler.AdvanceTo(TimeSpan.FromMilliseconds(200).Ticks);
        await WaitUntilAsync(() => times.ContainsKey("get"), "the GET timed out");
        _scheduler.AdvanceTo(TimeSpan.FromSeconds(3).Ticks - 1);
        await Task.Delay(50);
        Assert.False(times.ContainsKey("blpop"), "BLPOP must not time out before its block time has passed");
        _scheduler.AdvanceTo(TimeSpan.FromSeconds(3).Ticks);
        await WaitUntilAsync(() => times.ContainsKey("blpop"), "the BLPOP timed out");

        Assert.Equal(TimeSpan.FromMilliseconds(200).Ticks, times["get"]);
        Assert.Equal(TimeSpan.FromSeconds(3).Ticks, times["blpop"]); // 1 s default + 2 s block
        Server.Connections[0].Close(); // the abandoned slots would otherwise hold disposal until the (virtual) drain timeout
    }

    [Fact]
    public async Task Reconnect_attempts_follow_the_backoff_schedule_in_virtual_time()
    {
        var options = VirtualOptions();
        options.ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), Jitter: 0.5);
        options.Random = new Random(42);
        var dials = new ConcurrentQueue<long>();
        var transport = new RecordingTransport(Server, () => dials.Enqueue(_scheduler.Clock));
        await using var client = await RedisClient.ConnectAsync(options, transport);
        var states = new ConcurrentQueue<ConnectionState>();
        using var _ = client.ConnectionState.Subscribe(states.Enqueue);
        var expected = new Random(42);

        Server.Refuse = true;
        Server.Connections[0].Close();
        var clock = _scheduler.Clock;
        var expectedDials = new List<long>();
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            await WaitUntilAsync(() => states.Any(s => s.Status == ConnectionStatus.Reconnecting && s.Attempt == attempt), $"reconnect attempt {attempt} announced");
            var delay = options.ReconnectBackoff.Delay(attempt, expected);
            Assert.Equal(delay, states.Single(s => s.Status == ConnectionStatus.Reconnecting && s.Attempt == attempt).Delay);
            Assert.InRange(delay.Ticks, Math.Min(1000, 100 << (attempt - 1)) * TimeSpan.TicksPerMillisecond / 2, Math.Min(1000, 100 << (attempt - 1)) * TimeSpan.TicksPerMillisecond);
            if (attempt == 6)
            {
                Server.Refuse = false;
            }
            clock += delay.Ticks;
            expectedDials.Add(clock);
            _scheduler.AdvanceTo(clock);
            await WaitUntilAsync(() => dials.Count == attempt + 1, $"dial {attempt}");
        }

        await WaitUntilAsync(() => states.LastOrDefault()?.Status == ConnectionStatus.Connected, "reconnected");
        Assert.Equal(expectedDials, dials.Skip(1));
    }

    [Fact]
    public async Task The_idle_health_check_closes_a_half_open_connection()
    {
        var options = VirtualOptions();
        options.HealthCheckInterval = TimeSpan.FromSeconds(10);
        Server.Handler = (_, _) => Task.CompletedTask; // the peer has vanished: nothing comes back
        await using var client = await ConnectAsync(options);
        var states = new ConcurrentQueue<ConnectionState>();
        using var _ = client.ConnectionState.Subscribe(states.Enqueue);

        _scheduler.AdvanceTo(TimeSpan.FromSeconds(10).Ticks);
        await WaitUntilAsync(() => Received("PING") == 1, "the health check sent PING");
        _scheduler.AdvanceTo(TimeSpan.FromSeconds(11).Ticks);

        await WaitUntilAsync(() => states.Any(s => s.Status == ConnectionStatus.Disconnected), "the connection was dropped");
        var reason = states.First(s => s.Status == ConnectionStatus.Disconnected).Reason;
        Assert.Contains("health-check", reason?.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingTransport(IRedisTransport inner, Action onDial) : IRedisTransport
    {
        public ValueTask<IRedisDuplexPipe> ConnectAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
        {
            onDial();
            return inner.ConnectAsync(endPoint, cancellationToken);
        }
    }
}
