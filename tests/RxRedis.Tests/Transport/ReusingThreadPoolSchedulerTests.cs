using System.Collections.Concurrent;
using RxRedis.Transport;

namespace RxRedis.Tests.Transport;

/// <summary>The pipe scheduler that reuses its work item: every continuation runs once, with its own state.</summary>
public sealed class ReusingThreadPoolSchedulerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_continuation_scheduled_from_a_running_one_runs_with_its_own_state()
    {
        var scheduler = new ReusingThreadPoolScheduler();
        var seen = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Step(object? state)
        {
            var n = (int)state!;
            seen.Add(n);
            if (n == 100)
            {
                done.SetResult();
                return;
            }
            scheduler.Schedule(Step, n + 1);
        }

        scheduler.Schedule(Step, 1);
        await done.Task.WaitAsync(Limit);

        Assert.Equal(Enumerable.Range(1, 100), seen);
    }

    [Fact]
    public async Task Concurrent_schedules_each_run_exactly_once()
    {
        var scheduler = new ReusingThreadPoolScheduler();
        var runs = new ConcurrentDictionary<int, int>();
        using var all = new CountdownEvent(4000);

        Parallel.For(0, 4000, i => scheduler.Schedule(s =>
        {
            runs.AddOrUpdate((int)s!, 1, (_, n) => n + 1);
            all.Signal();
        }, i));
        await Task.Run(() => all.Wait(Limit));

        Assert.Equal(4000, runs.Count);
        Assert.All(runs.Values, n => Assert.Equal(1, n));
    }
}
