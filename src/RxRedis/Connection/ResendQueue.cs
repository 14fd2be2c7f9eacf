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
    private bool _backoffElapsed;
    private PhysicalConnection? _fenceSocket;
    private long _fence;
    private TaskCompletionSource? _released;

    public ResendQueue(IScheduler scheduler) => _scheduler = scheduler;

    /// <summary>True while entries wait: the writer must not take newer commands from the channel.</summary>
    public bool HasPending => _pending;

    /// <summary>
    /// Queues <paramref name="entry"/> behind the entries already waiting. The first entry of a block starts its
    /// backoff (<paramref name="backoff"/>; null for none) and, with <paramref name="socket"/>, waits for the replies
    /// of everything written on it so far.
    /// </summary>
    public void Add(PendingCommand entry, TimeSpan? backoff, PhysicalConnection? socket)
    {
        lock (_gate)
        {
            _entries.Enqueue(entry);
            if (_pending)
            {
                return;
            }
            _pending = true;
            _fenceSocket = socket is { IsClosed: false } ? socket : null;
            _fence = _fenceSocket?.Written ?? 0;
            _backoffElapsed = backoff is null;
        }
        if (backoff is { } delay)
        {
            _scheduler.Schedule(this, delay, static (_, self) =>
            {
                self.OnBackoffElapsed();
                return Disposable.Empty;
            });
        }
        socket?.WakeWriter();
    }

    private void OnBackoffElapsed()
    {
        PhysicalConnection? socket;
        lock (_gate)
        {
            _backoffElapsed = true;
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
        _backoffElapsed && (_fenceSocket is null || _fenceSocket != socket || _fenceSocket.IsClosed || _fenceSocket.Answered >= _fence);

    /// <summary>
    /// The writer of <paramref name="socket"/>: waits until the block is released, then takes it, oldest first.
    /// Cancelled with the socket.
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
                    var block = _entries.ToArray();
                    _entries.Clear();
                    _pending = false;
                    _fenceSocket = null;
                    return block;
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
            var all = _entries.ToArray();
            _entries.Clear();
            _pending = false;
            _fenceSocket = null;
            return all;
        }
    }
}
