using System.Collections.Concurrent;
using Microsoft.Reactive.Testing;
using RxRedis.Resilience;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Streams;

/// <summary>
/// Issue 13, item 3: a blocking read that the server never answers times out after Block + CommandTimeout. The
/// consumer and the tail ride that out (the consumer by re-reading its pending list, which keeps <c>&gt;</c> safe)
/// and give up only once a run of failed reads has lasted longer than <c>GiveUpAfter</c>, all in virtual time.
/// </summary>
public sealed class StreamStallVirtualTimeTests : FakeServerTestBase
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly TestScheduler _scheduler = new();
    private readonly ConcurrentQueue<string> _reads = new(); // the last argument of each XREADGROUP / XREAD, in order

    public StreamStallVirtualTimeTests() => Server.Handler = (c, cmd) =>
    {
        switch (cmd[0])
        {
            case "XREADGROUP" or "XREAD":
                _reads.Enqueue(cmd[^1]);
                // New entries (">" / a tail's id) never come: the server stalls. The pending read finds nothing.
                return cmd[0] == "XREADGROUP" && cmd[^1] != ">" ? c.SendRawAsync("*-1\r\n") : Task.CompletedTask;
            case "XAUTOCLAIM":
                _reads.Enqueue("XAUTOCLAIM");
                return c.SendRawAsync("*3\r\n$3\r\n0-0\r\n*0\r\n*0\r\n");
            default:
                return c.SendRawAsync("+OK\r\n");
        }
    };

    private RedisOptions VirtualTimeOptions()
    {
        var options = FastOptions();
        options.Scheduler = _scheduler;
        options.HealthCheckInterval = Timeout.InfiniteTimeSpan;
        options.RetryPolicy = RetryPolicy.Default with { Backoff = new Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), Jitter: 0) };
        return options;
    }

    /// <summary>Advances virtual time in small steps, letting the loop's thread-pool continuations run between them.</summary>
    private async Task AdvanceToAsync(TimeSpan to)
    {
        while (_scheduler.Clock < to.Ticks)
        {
            _scheduler.AdvanceBy(Math.Min(Step.Ticks, to.Ticks - _scheduler.Clock));
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task A_consumer_whose_blocking_read_times_out_rereads_its_pending_list_reads_again_and_still_claims()
    {
        await using var client = await ConnectAsync(VirtualTimeOptions()); // default CommandTimeout: 5 s
        var consumerOptions = new StreamConsumerOptions { ClaimMinIdle = TimeSpan.FromSeconds(1), ClaimInterval = TimeSpan.FromSeconds(15) }; // default Block: 5 s
        Exception? error = null;
        using var subscription = client.ConsumeStream("orders", "billing", "worker-1", consumerOptions).Subscribe(_ => { }, e => error = e);
        await WaitUntilAsync(() => _reads.Count == 2, "the pending read and the blocking read were sent");

        // The blocking read's guard is Block + CommandTimeout = 10 s; the first claim tick comes at 15 s.
        await AdvanceToAsync(TimeSpan.FromSeconds(10) - Step);
        Assert.Equal(["0-0", ">"], _reads);
        await AdvanceToAsync(TimeSpan.FromSeconds(15));
        await WaitUntilAsync(() => _reads.Count == 5, "the claim was sent");

        Assert.Null(error);
        Assert.Equal(["0-0", ">", "0-0", ">", "XAUTOCLAIM"], _reads); // after the timeout: pending list first, then new entries
    }

    [Fact]
    public async Task A_tail_rides_out_timed_out_reads_and_gives_up_once_the_failures_have_lasted_longer_than_GiveUpAfter()
    {
        var options = VirtualTimeOptions();
        options.CommandTimeout = TimeSpan.FromSeconds(1);
        await using var client = await ConnectAsync(options);
        var tailOptions = new StreamTailOptions { Block = TimeSpan.FromSeconds(1), GiveUpAfter = TimeSpan.FromSeconds(5) };
        var error = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = client.TailStream("orders", "0", tailOptions).Subscribe(_ => { }, e => error.TrySetResult(e));
        await WaitUntilAsync(() => _reads.Count == 1, "the first read was sent");

        // Reads time out 2 s after they are sent and are resent 10 ms later: failures at 2, 4.01, 6.02 and 8.03 s
        // (a little later when a continuation lags a step behind the advancing clock). The run started at 2 s, so the
        // third failure (4.02 s into it) is retried and the fourth (6.03 s) is the first past the 5 s limit.
        await AdvanceToAsync(TimeSpan.FromSeconds(8));
        Assert.False(error.Task.IsCompleted, "gave up before the run of failures reached 5 s");
        Assert.Equal(4, _reads.Count);
        await AdvanceToAsync(TimeSpan.FromSeconds(10));

        var stopped = Assert.IsType<RedisStreamConsumerException>(await error.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.IsType<RedisTimeoutException>(stopped.InnerException);
        Assert.Equal(["0", "0", "0", "0"], _reads); // each retry re-read from the same id: nothing skipped
    }

    [Fact]
    public void GiveUpAfter_must_not_be_negative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamTailOptions { GiveUpAfter = TimeSpan.FromSeconds(-1) }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamConsumerOptions { GiveUpAfter = TimeSpan.FromSeconds(-1) }.Validate());
        new StreamConsumerOptions { GiveUpAfter = Timeout.InfiniteTimeSpan }.Validate();
    }
}
