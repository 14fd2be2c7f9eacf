using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Reactive.Testing;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Connection;

/// <summary>
/// Issue 13: a reply that stops in the middle of its frame. The in-step check's token would queue behind the
/// unfinished frame, so before the stall watch the socket healed only through the health check; with it off, never.
/// </summary>
public sealed class StalledReplyTests : FakeServerTestBase
{
    [Fact]
    public async Task A_reply_stalled_mid_frame_closes_the_socket_without_the_health_check_and_the_client_reconnects()
    {
        var first = true;
        Server.Handler = (connection, command) =>
        {
            if (!ReferenceEquals(connection, Server.Connections[0]))
            {
                return FakeRedisServer.DefaultHandler(connection, command);
            }
            if (command is ["GET", "stalled"])
            {
                first = false;
                return connection.SendRawAsync("$10\r\nabc"); // 3 of the 10 bytes, then the stream stops
            }
            // After the stall nothing more comes on this socket (the overdue check's PING included); before it, the usual.
            return first ? FakeRedisServer.DefaultHandler(connection, command) : Task.CompletedTask;
        };
        var scheduler = new TestScheduler();
        var options = FastOptions();
        options.Scheduler = scheduler;
        options.CommandTimeout = TimeSpan.FromSeconds(1);
        options.HealthCheckInterval = Timeout.InfiniteTimeSpan; // only the stall watch may end the socket
        var client = await ConnectAsync(options);
        try
        {
            await StallThenReconnectAsync(client, scheduler);
        }
        finally
        {
            // Disposing waits for owed replies up to the connect timeout on the scheduler: virtual time must pass, or a
            // client whose stalled socket was never closed (the defect this test is about) would hang the test.
            var disposing = client.DisposeAsync().AsTask();
            scheduler.AdvanceBy(options.ConnectTimeout.Ticks);
            await disposing;
        }
    }

    private async Task StallThenReconnectAsync(RedisClient client, TestScheduler scheduler)
    {
        var states = new System.Collections.Concurrent.ConcurrentQueue<ConnectionState>();
        using var watching = client.ConnectionState.Subscribe(states.Enqueue);

        var stalled = client.Get("stalled").ToTask();
        await WaitUntilAsync(() => Server.Connections[0].Received.Any(c => c is ["GET", "stalled"]), "the server got the GET it answers only in part");
        scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);
        Assert.Equal(CommandOutcome.Unknown, (await Assert.ThrowsAsync<RedisTimeoutException>(() => stalled)).Outcome);

        // The watch and the reconnect backoff run on virtual time.
        await PumpUntilAsync(scheduler, () => Server.ConnectionCount >= 2, "the client reconnected");

        Assert.Equal(2, Server.ConnectionCount);
        Assert.True(Server.Connections[0].IsClosedByClient);
        var broken = Assert.Single(states, s => s.Reason is not null);
        Assert.Contains("stopped in the middle of a reply: 8 bytes of it arrived, then nothing for 1000 ms", broken.Reason!.Message, StringComparison.Ordinal);
        var next = client.Get("k").ToTask();
        await PumpUntilAsync(scheduler, () => next.IsCompleted, "the GET on the new socket was answered");
        Assert.Equal("k", (string?)await next); // the default handler echoes the key
    }
}
