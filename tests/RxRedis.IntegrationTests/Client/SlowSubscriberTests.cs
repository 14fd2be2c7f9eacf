using System.Diagnostics;
using System.Reactive.Linq;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Client;

/// <summary>
/// Measures delivery isolation, so it runs with no other test beside it: on 2 cores, neighbours saturating the
/// thread pool would decide the timing, not the client.
/// </summary>
[Collection(IsolatedCollectionDefinition.Name)]
public sealed class SlowSubscriberTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    private Task<RedisClient> Connect() => TestClients.ConnectAsync(fixture.Server, RedisProtocol.Resp3);

    [Fact]
    public async Task A_subscriber_blocking_in_OnNext_does_not_hold_up_other_replies()
    {
        const int count = 10_000;
        await using var client = await Connect();
        await client.Ping(); // warm up
        var clock = Stopwatch.StartNew();
        long enteredAt = -1, returnedAt = -1, lastCompletedAt = -1;
        var wrong = 0;
        var remaining = count;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sleeperDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Timestamps are taken in the callbacks themselves, so a slow test thread cannot skew them.
        using var sleeper = client.Ping().Subscribe(_ =>
        {
            Interlocked.Exchange(ref enteredAt, clock.ElapsedTicks);
            Thread.Sleep(TimeSpan.FromSeconds(1));
            Interlocked.Exchange(ref returnedAt, clock.ElapsedTicks);
            sleeperDone.SetResult();
        });
        var subscriptions = Enumerable.Range(0, count).Select(i => client.Echo(i).Subscribe(
            v =>
            {
                if ((long)v != i)
                {
                    Interlocked.Increment(ref wrong);
                }
            },
            _ => Interlocked.Increment(ref wrong),
            () =>
            {
                var now = clock.ElapsedTicks;
                long seen;
                while ((seen = Interlocked.Read(ref lastCompletedAt)) < now && Interlocked.CompareExchange(ref lastCompletedAt, now, seen) != seen)
                {
                }
                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    allDone.SetResult();
                }
            })).ToList();

        // Awaited, not waited on: a blocked pool thread here would starve the deliveries being measured.
        await allDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await sleeperDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        subscriptions.ForEach(s => s.Dispose());

        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        Assert.Equal(0, wrong);
        Assert.True(enteredAt < lastCompletedAt, $"The sleeper only started at {Ms(enteredAt):0} ms, after the others were done ({Ms(lastCompletedAt):0} ms): nothing was tested.");
        Assert.True(lastCompletedAt < returnedAt,
            $"The {count} commands finished at {Ms(lastCompletedAt):0} ms, after the blocked subscriber (asleep {Ms(enteredAt):0}..{Ms(returnedAt):0} ms) returned.");
    }
}
