using System.Collections.Concurrent;
using System.Reactive.Concurrency;

namespace RxRedis.Connection;

/// <summary>
/// The default command timeout for every command of a connection, with one scheduler timer instead of one per
/// command. Commands join in enqueue order with deadline = now + timeout, so deadlines are monotonic (up to the
/// clock skew between two enqueuing threads, a few microseconds) and only the head's deadline needs a timer.
/// The timer also sweeps finished commands off the head so that a busy connection does not hold a whole
/// timeout's worth of finished commands in memory.
/// </summary>
internal sealed class DeadlineQueue
{
    // How often, at most, finished commands are swept off the head while the earliest deadline is further away.
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentQueue<PendingCommand> _queue = new();
    private readonly IScheduler _scheduler;
    private readonly TimeSpan _timeout;
    private int _armed;

    public DeadlineQueue(IScheduler scheduler, TimeSpan timeout)
    {
        _scheduler = scheduler;
        _timeout = timeout;
    }

    /// <summary>Starts <paramref name="command"/>'s default timeout now.</summary>
    public void Add(PendingCommand command)
    {
        var deadline = _scheduler.Now.UtcTicks + _timeout.Ticks;
        command.DeadlineTicks = deadline;
        _queue.Enqueue(command);
        if (Volatile.Read(ref _armed) == 0 && Interlocked.CompareExchange(ref _armed, 1, 0) == 0)
        {
            Arm(deadline);
        }
    }

    private void Arm(long dueTicks) =>
        _scheduler.Schedule(this, new DateTimeOffset(dueTicks, TimeSpan.Zero), static (_, self) =>
        {
            self.Fire();
            return System.Reactive.Disposables.Disposable.Empty;
        });

    // Only the one armed timer dequeues, so peek-then-dequeue cannot race with another consumer.
    private void Fire()
    {
        var now = _scheduler.Now.UtcTicks;
        while (_queue.TryPeek(out var head))
        {
            if (!head.IsDone && head.DeadlineTicks > now)
            {
                Arm(Math.Min(head.DeadlineTicks, now + SweepInterval.Ticks));
                return;
            }
            _queue.TryDequeue(out _);
            if (!head.IsDone)
            {
                head.OnTimeout(_timeout);
            }
        }
        Volatile.Write(ref _armed, 0);
        // A command added after the loop saw the queue empty, but before the flag dropped, found it armed.
        if (_queue.TryPeek(out var late) && Interlocked.CompareExchange(ref _armed, 1, 0) == 0)
        {
            Arm(late.DeadlineTicks);
        }
    }
}
