using System.Collections.Concurrent;
using Microsoft.Reactive.Testing;

namespace RxRedis.AspNetCore.Tests.Locking;

/// <summary>
/// A <see cref="TestScheduler"/> that tells which due times were scheduled, so a test whose timers are set from
/// real-time replies can wait for a timer to exist before it moves the clock past it.
/// </summary>
internal sealed class ProbedTestScheduler : TestScheduler
{
    private readonly ConcurrentDictionary<long, byte> _dueTimes = new();

    public override IDisposable ScheduleAbsolute<TState>(TState state, long dueTime, Func<System.Reactive.Concurrency.IScheduler, TState, IDisposable> action)
    {
        _dueTimes.TryAdd(dueTime, 0);
        return base.ScheduleAbsolute(state, dueTime, action);
    }

    public async Task WaitForScheduledAsync(DateTimeOffset dueTime)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!_dueTimes.ContainsKey(dueTime.UtcTicks))
        {
            Assert.True(DateTime.UtcNow < deadline, $"nothing was scheduled at {dueTime:HH:mm:ss.fff} within 10 s");
            await Task.Delay(10);
        }
    }
}
