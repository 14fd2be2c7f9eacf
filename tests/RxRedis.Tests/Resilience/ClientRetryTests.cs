using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Text;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Resilience;

/// <summary>What the client retries on its own, against the scripted fake server (real time, millisecond waits).</summary>
public sealed class ClientRetryTests : FakeServerTestBase
{
    [Fact]
    public async Task A_LOADING_reply_is_retried_and_the_command_succeeds_when_the_state_clears()
    {
        var gets = 0;
        Server.Handler = (c, cmd) => Interlocked.Increment(ref gets) <= 2
            ? c.SendRawAsync("-LOADING Redis is loading the dataset in memory\r\n")
            : c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[1])));
        await using var client = await ConnectAsync(FastRetry());

        Assert.Equal("k", (await client.Get("k")).ToString());
        Assert.Equal(3, gets);
    }

    [Fact]
    public async Task A_connection_lost_after_INCR_was_written_is_not_resent_but_a_GET_is()
    {
        var cuts = 0;
        Server.Handler = (c, cmd) =>
        {
            if (Interlocked.Increment(ref cuts) <= 2)
            {
                c.Close(); // the command arrived, the reply never will
                return Task.CompletedTask;
            }
            return cmd[0] == "INCR" ? c.SendRawAsync(":1\r\n") : c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[1])));
        };
        await using var client = await ConnectAsync(FastRetry());

        var error = await Assert.ThrowsAsync<RedisConnectionException>(async () => await client.Incr("counter"));
        Assert.Equal(CommandOutcome.Unknown, error.Outcome);
        Assert.Equal(1, Server.Connections.Sum(c => c.Received.Count(r => r[0] == "INCR")));
        Assert.Equal("k", (await client.Get("k")).ToString());
        Assert.Equal(2, Server.Connections.Sum(c => c.Received.Count(r => r[0] == "GET")));
    }

    [Fact]
    public async Task WRONGTYPE_is_not_retried()
    {
        Server.Handler = (c, _) => c.SendRawAsync("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        await using var client = await ConnectAsync(FastRetry());

        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.Get("k"));

        Assert.Equal(CommandOutcome.Rejected, error.Outcome);
        Assert.Single(Server.Connections[0].Received, r => r[0] == "GET");
    }

    [Fact]
    public async Task With_queueing_off_commands_fail_fast_as_not_sent_while_disconnected()
    {
        var options = FastRetry();
        options.QueueWhileDisconnected = false;
        options.RetryPolicy = RetryPolicy.None;
        options.ReconnectBackoff = new Backoff(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        await using var client = await ConnectAsync(options);
        var disconnected = client.ConnectionState.FirstAsync(s => s.Status == ConnectionStatus.Reconnecting).ToTask();

        Server.Connections[0].Close();
        await disconnected.WaitAsync(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<RedisConnectionException>(async () => await client.Get("k"));

        Assert.Equal(CommandOutcome.NotSent, error.Outcome);
        Assert.Contains("QueueWhileDisconnected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_down_at_start_fails_ConnectAsync_with_a_clear_error()
    {
        Server.Refuse = true;

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync(FastRetry()));

        Assert.Equal(CommandOutcome.NotSent, error.Outcome);
        Assert.Contains("Could not connect to fake:6379", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_AbortOnConnectFail_the_client_connects_when_the_server_appears_and_queued_commands_run()
    {
        Server.Refuse = true;
        var options = FastRetry();
        options.AbortOnConnectFail = false;
        await using var client = await ConnectAsync(options);
        var get = client.Get("early").ToTask();
        await Task.Delay(50);
        Assert.False(get.IsCompleted);

        Server.Refuse = false;

        Assert.Equal("early", (await get.WaitAsync(TimeSpan.FromSeconds(5))).ToString());
        Assert.Equal(ConnectionStatus.Connected, (await client.ConnectionState.FirstAsync()).Status);
    }

    private static RedisOptions FastRetry()
    {
        var options = FastOptions();
        options.RetryPolicy = RetryPolicy.Default with
        {
            Backoff = new Backoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
        };
        return options;
    }
}
