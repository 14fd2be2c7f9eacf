using System.Reactive.Linq;
using System.Text;
using RxRedis.Protocol;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Connection;

/// <summary>Faults a real server can't produce on demand, played by the scripted fake server.</summary>
public sealed class ConnectionFaultTests : FakeServerTestBase
{
    [Fact]
    public async Task A_reply_split_into_single_bytes_is_read_whole()
    {
        var payload = new string('x', 300);
        Server.Handler = (c, cmd) => c.SendRawAsync(Encoding.ASCII.GetBytes($"${payload.Length}\r\n{payload}\r\n"), chunkSize: 1);
        await using var client = await ConnectAsync();

        var value = await client.Get("k");

        Assert.Equal(payload, value.ToString());
    }

    [Fact]
    public async Task Garbage_fails_what_was_in_flight_and_the_client_reconnects_on_a_new_connection()
    {
        Server.Handler = (c, cmd) => cmd[1] == "bad" ? c.SendRawAsync("?garbage\r\n") : c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[1])));
        var options = FastOptions();
        options.RetryPolicy = RxRedis.Resilience.RetryPolicy.None; // this test is about the connection, not the (read-only) GET's retry
        await using var client = await ConnectAsync(options);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(async () => await client.Get("bad"));

        Assert.Equal(CommandOutcome.Unknown, error.Outcome);
        Assert.IsType<RespProtocolException>(error.InnerException?.InnerException ?? error.InnerException);
        Assert.Equal("good", (await client.Get("good")).ToString());
        Assert.Equal(2, Server.ConnectionCount);
        Assert.True(Server.Connections[0].IsClosedByClient, "the broken connection must be torn down, never reused");
    }

    [Fact]
    public async Task A_connection_closed_mid_reply_fails_the_command_as_outcome_unknown()
    {
        Server.Handler = async (c, cmd) =>
        {
            if (cmd[1] == "cut")
            {
                await c.SendRawAsync("$10\r\nabc");
                c.Close();
            }
            else
            {
                await c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[1])));
            }
        };
        await using var client = await ConnectAsync();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(async () => await client.Get("cut"));

        Assert.Equal(CommandOutcome.Unknown, error.Outcome);
        Assert.Contains("middle of a reply", error.Message + error.InnerException?.Message, StringComparison.Ordinal);
        Assert.Equal("next", (await client.Get("next")).ToString());
    }

    [Fact]
    public async Task A_reply_with_no_command_waiting_tears_the_connection_down()
    {
        await using var client = await ConnectAsync();
        await client.Ping();
        var states = new List<ConnectionStatus>();
        using var watch = client.ConnectionState.Subscribe(s => { lock (states) { states.Add(s.Status); } });

        await Server.Connections[0].SendRawAsync("+UNASKED\r\n");

        await WaitUntilAsync(() => Server.ConnectionCount == 2, "the client reconnects");
        Assert.Equal("PONG", (await client.Ping()).ToString());
        lock (states)
        {
            Assert.Contains(ConnectionStatus.Disconnected, states);
        }
    }

    [Fact]
    public async Task Push_frames_never_consume_a_reply_slot()
    {
        Server.Handler = async (c, cmd) =>
        {
            await c.SendRawAsync(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$4\r\nnews\r\n");
            await c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[1])));
        };
        await using var client = await ConnectAsync();

        Assert.Equal("a", (await client.Get("a")).ToString());
        Assert.Equal("b", (await client.Get("b")).ToString());
    }

    [Fact]
    public async Task A_disposed_subscription_keeps_its_slot_and_its_late_reply_goes_nowhere()
    {
        var held = new TaskCompletionSource();
        Server.Handler = async (c, cmd) =>
        {
            if (cmd[1] == "slow")
            {
                // Answer "slow" only after the next command arrived, so both are in flight together.
                _ = Task.Run(async () =>
                {
                    await held.Task;
                    await c.SendAsync(RespValue.BulkString("slow"u8.ToArray()));
                    await c.SendAsync(RespValue.BulkString("fast"u8.ToArray()));
                });
                return;
            }
            held.TrySetResult();
            await Task.CompletedTask;
        };
        await using var client = await ConnectAsync();
        var slowDelivered = false;
        var slow = client.Get("slow").Subscribe(_ => slowDelivered = true);
        await WaitUntilAsync(() => Server.Connections[0].Received.Any(c => c.Length > 1 && c[1] == "slow"), "slow is sent");
        slow.Dispose();

        var fast = await client.Get("fast");

        Assert.Equal("fast", fast.ToString());
        Assert.False(slowDelivered);
    }

    [Fact]
    public async Task Nothing_is_sent_before_subscribe_and_each_subscription_sends_once()
    {
        var incr = 0;
        Server.Handler = (c, cmd) => c.SendRawAsync($":{Interlocked.Increment(ref incr)}\r\n");
        await using var client = await ConnectAsync();

        var command = client.Incr("counter");
        await Task.Delay(50);
        Assert.Equal(0, Volatile.Read(ref incr));

        Assert.Equal(1, await command);
        Assert.Equal(2, await command);
        Assert.Equal(3, await command);
        Assert.Equal(3, Server.Connections[0].Received.Count(c => c[0] == "INCR"));
    }

    [Fact]
    public async Task Unsent_commands_survive_a_broken_connection_and_go_out_on_the_next_one()
    {
        await using var client = await ConnectAsync();
        await client.Ping();
        Server.Connections[0].Close();

        // Issued while the client notices the break and reconnects: none is lost.
        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            try
            {
                return (await client.Get($"k{i}")).ToString();
            }
            catch (RedisConnectionException e) when (e.Outcome == CommandOutcome.Unknown)
            {
                return "unknown"; // was in flight on the dying connection: allowed to fail, never to misroute
            }
        }));

        for (var i = 0; i < replies.Length; i++)
        {
            Assert.True(replies[i] == $"k{i}" || replies[i] == "unknown", $"reply {i} was '{replies[i]}'");
        }
        Assert.Equal("after", (await client.Get("after")).ToString());
    }
}
