using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace RxRedis.Connection;

/// <summary>
/// Commands a connection sends again itself, so that retries keep the order in which the commands were issued.
/// Entries join in the order their first attempt failed, which is the order they were written (failures are seen on
/// the reader loop, or when a lost socket's FIFO is emptied, oldest first), so they are also in issue order. The
/// writer sends them as one block, ahead of everything still in the command channel (issued later), once the block
/// is released: after one backoff for the whole block (the retry policy's delay after a server-state error such as
/// <c>LOADING</c>; none after a lost socket, whose reconnect backoff already waited) and, on the socket where the
/// errors came, once every command written before the first error was answered, so no older command that may fail
/// the same way is still outstanding. Meanwhile the writer takes nothing new from the channel. A per-command timer
/// for each retry let newer commands, and the retries among themselves, overtake each other (issue 18).
/// </summary>
internal sealed class ResendQueue
{
    private readonly Queue<PendingCommand> _entries = new();
    private readonly Lock _gate = new();
    private readonly IScheduler _scheduler;
    private volatile bool _pending;
    private bool _backoffRunning; // the block's one backoff is armed and has not elapsed
    private bool _backoffStarted; // the block had its backoff already
    private PhysicalConnection? _fenceSocket;
    private long _fence;
    private TaskCompletionSource? _released;

    public ResendQueue(IScheduler scheduler) => _scheduler = scheduler;

    /// <summary>True while entries (or a barrier) wait: the writer must not take newer commands from the channel.</summary>
    public bool HasPending => _pending;

    /// <summary>
    /// Queues <paramref name="entry"/> behind the entries already waiting. The block's first entry to bring a
    /// <paramref name="backoff"/> (null for none) starts its one backoff; the block also waits for the replies of
    /// everything written on <paramref name="socket"/> before the block began.
    /// </summary>
    public void Add(PendingCommand entry, TimeSpan? backoff, PhysicalConnection? socket)
    {
        var arm = false;
        lock (_gate)
        {
            _entries.Enqueue(entry);
            if (!_pending)
            {
                Begin(socket);
            }
            if (backoff is not null && !_backoffStarted)
            {
                _backoffStarted = _backoffRunning = arm = true;
            }
        }
        if (arm)
        {
            _scheduler.Schedule(this, backoff!.Value, static (_, self) =>
            {
                self.OnBackoffElapsed();
                return Disposable.Empty;
            });
        }
        socket?.WakeWriter();
    }

    /// <summary>
    /// Called by the writer right after it wrote a block on <paramref name="socket"/>: nothing newer is written until
    /// the block's replies are in. Otherwise a command issued once the server was ready (its <c>LOADING</c> ended
    /// between the block and it) could run before a retried one that is refused again.
    /// </summary>
    public void BarrierAfterBlock(PhysicalConnection socket)
    {
        lock (_gate)
        {
            if (!_pending)
            {
                Begin(socket);
            }
        }
    }

    // Under the gate.
    private void Begin(PhysicalConnection? socket)
    {
        _pending = true;
        _backoffStarted = _backoffRunning = false;
        _fenceSocket = socket is { IsClosed: false } ? socket : null;
        _fence = _fenceSocket?.Written ?? 0;
    }

    private void OnBackoffElapsed()
    {
        PhysicalConnection? socket;
        lock (_gate)
        {
            _backoffRunning = false;
            socket = _fenceSocket;
        }
        Poke(socket);
    }

    /// <summary>Called by the reader loop of <paramref name="socket"/> after replies were read: the fence may be passed.</summary>
    public void Poke(PhysicalConnection? socket)
    {
        TaskCompletionSource? released = null;
        lock (_gate)
        {
            if (_released is { } waiting && IsReleasedFor(socket))
            {
                released = waiting;
                _released = null;
            }
        }
        released?.TrySetResult();
    }

    // Under the gate.
    private bool IsReleasedFor(PhysicalConnection? socket) =>
        !_backoffRunning && (_fenceSocket is null || _fenceSocket != socket || _fenceSocket.IsClosed || _fenceSocket.Answered >= _fence);

    /// <summary>
    /// The writer of <paramref name="socket"/>: waits until the block is released, then takes it, oldest first
    /// (empty after a barrier). Cancelled with the socket.
    /// </summary>
    public async ValueTask<PendingCommand[]> TakeWhenReleasedAsync(PhysicalConnection socket, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (IsReleasedFor(socket))
                {
                    return TakeUnderGate();
                }
                _released ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _released.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes every waiting entry (the connection is closing, or stopped queueing while down) for failing.</summary>
    public PendingCommand[] TakeAll()
    {
        lock (_gate)
        {
            return TakeUnderGate();
        }
    }

    // Under the gate.
    private PendingCommand[] TakeUnderGate()
    {
        var block = _entries.Count == 0 ? [] : _entries.ToArray();
        _entries.Clear();
        _pending = false;
        _fenceSocket = null;
        return block;
    }
}
