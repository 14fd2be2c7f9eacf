using System.Collections.Concurrent;
using Microsoft.Reactive.Testing;
using RxRedis.Resilience;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Streams;

/// <summary>
/// The consumer's claim loop in virtual time, against the scripted fake server: the pending read finds nothing and
/// the blocking read of new entries never returns, so only the claim timer makes the consumer send anything more.
/// </summary>
public sealed class StreamConsumerVirtualTimeTests : FakeServerTestBase
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly TestScheduler _scheduler = new();
    private readonly ConcurrentQueue<string[]> _claims = new();

    public StreamConsumerVirtualTimeTests() => Server.Handler = (c, cmd) => cmd[0] switch
    {
        // ">" blocks for ever (BLOCK 0); the pending read (id 0-0) finds nothing.
        "XREADGROUP" => cmd[^1] == ">" ? Task.CompletedTask : c.SendRawAsync("*-1\r\n"),
        "XAUTOCLAIM" => Claimed(c, cmd),
        _ => c.SendRawAsync("+OK\r\n"),
    };

    private Task Claimed(Fakes.FakeConnection connection, string[] command)
    {
        _claims.Enqueue(command);
        return connection.SendRawAsync("*3\r\n$3\r\n0-0\r\n*0\r\n*0\r\n"); // cursor back at 0-0, nothing claimed, nothing deleted
    }

    private int Received(string command) => Server.Connections.Sum(c => c.Received.Count(r => r[0] == command));

    [Fact]
    public async Task XAUTOCLAIM_is_sent_at_exactly_each_ClaimInterval_with_the_min_idle_time_and_never_after_dispose()
    {
        var options = FastOptions();
        options.Scheduler = _scheduler;
        options.HealthCheckInterval = Timeout.InfiniteTimeSpan;
        options.RetryPolicy = RetryPolicy.None;
        await using var client = await ConnectAsync(options);
        var consumerOptions = new StreamConsumerOptions
        {
            BatchSize = 50, Block = TimeSpan.Zero, ClaimMinIdle = TimeSpan.FromMilliseconds(500), ClaimInterval = Interval,
        };
        Exception? error = null;
        var subscription = client.ConsumeStream("orders", "billing", "worker-1", consumerOptions).Subscribe(_ => { }, e => error = e);
        await WaitUntilAsync(() => Received("XREADGROUP") == 2, "the pending read and the blocking read were sent");

        for (var tick = 1; tick <= 3; tick++)
        {
            _scheduler.AdvanceTo((tick * Interval).Ticks - 1);
            await Task.Delay(50);
            Assert.Equal(tick - 1, _claims.Count);
            _scheduler.AdvanceTo((tick * Interval).Ticks);
            await WaitUntilAsync(() => _claims.Count == tick, $"claim {tick} was sent");
        }
        subscription.Dispose();
        _scheduler.AdvanceTo((10 * Interval).Ticks);
        await Task.Delay(50);

        Assert.Equal(3, _claims.Count);
        Assert.All(_claims, c => Assert.Equal(["XAUTOCLAIM", "orders", "billing", "worker-1", "500", "0-0", "COUNT", "50"], c));
        Assert.Null(error);
        Assert.Equal(2, Received("XREADGROUP")); // no read after dispose either
    }
}
