using System.Reactive.Concurrency;

namespace RxRedis.Connection;

/// <summary>
/// The default command timeout for every command of a connection, with one scheduler timer instead of one per
/// command. Commands join in enqueue order with deadline = now + timeout, so deadlines are monotonic (up to the
/// clock skew between two enqueuing threads, a few microseconds) and only the head's deadline needs a timer.
/// Each <see cref="Add"/> sweeps finished commands off the head (the timer does when the connection is idle), so the
/// queue holds about the commands in flight. Holding finished ones (with their arguments and replies) until a timer
/// swept them promoted them all out of gen0, and the gen1 collections that followed cost more than the commands.
/// A plain queue under a lock, not a ConcurrentQueue: peeking a ConcurrentQueue keeps dequeued items referenced.
/// </summary>
internal sealed class DeadlineQueue
{
    // How often, at most, finished commands are swept off the head while the earliest deadline is further away.
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);

    private readonly Queue<PendingCommand> _queue = new();
    private readonly Lock _gate = new();
    private readonly IScheduler _scheduler;
    private readonly TimeSpan _timeout;
    private bool _armed;

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
        lock (_gate)
        {
            // Replies arrive in enqueue order, so everything before the oldest command in flight is done.
            while (_queue.TryPeek(out var head) && head.IsDone)
            {
                _queue.Dequeue();
            }
            _queue.Enqueue(command);
            if (_armed)
            {
                return;
            }
            _armed = true;
        }
        Arm(deadline);
    }

    private void Arm(long dueTicks) =>
        _scheduler.Schedule(this, new DateTimeOffset(dueTicks, TimeSpan.Zero), static (_, self) =>
        {
            self.Fire();
            return System.Reactive.Disposables.Disposable.Empty;
        });

    // Only the one armed timer fires; timeouts are delivered, and the next timer armed, outside the lock.
    private void Fire()
    {
        var now = _scheduler.Now.UtcTicks;
        while (true)
        {
            PendingCommand? head;
            bool due;
            lock (_gate)
            {
                if (!_queue.TryPeek(out head))
                {
                    _armed = false;
                    return;
                }
                due = head.IsDone || head.DeadlineTicks <= now;
                if (due)
                {
                    _queue.Dequeue();
                }
            }
            if (!due)
            {
                Arm(Math.Min(head.DeadlineTicks, now + SweepInterval.Ticks));
                return;
            }
            if (!head.IsDone)
            {
                head.OnTimeout(_timeout);
            }
        }
    }
}
