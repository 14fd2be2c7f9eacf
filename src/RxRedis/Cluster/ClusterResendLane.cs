using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Resilience;

namespace RxRedis.Cluster;

/// <summary>
/// A cluster command that failed in a way the lane may retry (see <see cref="ClusterResendLane"/>): what it needs to be
/// routed again, and how it ends when the lane gives up.
/// </summary>
internal interface IClusterResend
{
    /// <summary>The hash slot of the command's keys (<see cref="CommandSlot.None"/> without keys).</summary>
    int Slot { get; }

    /// <summary>The call's flags (routing of reads, and whether a repeat is safe).</summary>
    CommandFlags Flags { get; }

    /// <summary>True when the command's timeout is the connection's default (kept in the node's deadline queue).</summary>
    bool DefaultTimeout { get; }

    /// <summary>When the command was issued, in <see cref="ClusterResendLane.Issue()"/> order: the lane keeps this order.</summary>
    long Issued { get; }

    /// <summary>Ends the command with <paramref name="error"/>: the lane will not send it again, and nothing else retries it.</summary>
    void GiveUp(Exception error);
}

/// <summary>
/// The cluster's ordered retries (issue 18). A node connection fails fast while its node is down, so that commands can
/// be routed to the slot's next owner; with a retry timer per command that let retries overtake newer commands and each
/// other (10 of 10 rounds of the one-key test in ClusterWriteOrderTests ended older than the last acknowledged write).
/// Instead, every retryable failure of a node's commands (in flight on a lost socket, then still queued: the order
/// they were issued in) joins this one queue, and so does every newer command for a slot that has entries waiting here.
/// The lane routes its entries in order, through the slot map as it is then, each onto the back of its node's queue
/// (<see cref="RedisConnection.TryPlaceRetry"/>), once that node is connected: when a node connects, when the slot map
/// is read again, and otherwise after the retry policy's delay. An entry whose node is still unreachable keeps its
/// place, and so does every later entry of its slot; it gives up when the policy (and
/// <see cref="ClusterOptions.RetryWhileReconfiguring"/>) would stop retrying it.
/// </summary>
internal sealed class ClusterResendLane
{
    private readonly ClusterRouter _router;
    private readonly List<Item> _items = [];
    private readonly int[] _waitingBySlot = new int[HashSlot.Count];
    private readonly Dictionary<int, SlotHold> _holds = []; // the newest hold of each slot
    private readonly Lock _gate = new();
    private int _count;
    private long _issued;
    private int _round;
    private bool _timerArmed;
    private int _timerGeneration; // a round timer from an earlier generation was disarmed: it does nothing
    private IDisposable _timer = Disposable.Empty;
    private int _releaseQueued; // one release work item at a time: a lost socket adds thousands of entries in a burst
    private bool _closed;

    public ClusterResendLane(ClusterRouter router) => _router = router;

    private sealed class Item(PendingCommand entry, IClusterResend resend, Exception error, int tries, DateTimeOffset? reconfiguringUntil, DateTimeOffset notBefore, (long Place, long Issued) order, bool isNew = false, RedisEndPoint? movedTo = null)
    {
        /// <summary>A first attempt, never sent: a hold made later still goes ahead of it (see <see cref="Hold"/>).</summary>
        public bool IsNew { get; } = isNew;

        /// <summary>
        /// Where a <c>MOVED</c> sent it: it goes there, not where the map says. A refresh read from a node that had not
        /// yet heard of the move put the old owner back; placed there again, behind its own newer writes still queued
        /// on it, an old write came back after them and was applied last. The map decides only while that node is down.
        /// </summary>
        public RedisEndPoint? MovedTo { get; } = movedTo;

        /// <summary>
        /// The lane's order: by issue number, except that a new command goes no earlier than the slot's hold that was
        /// there when it joined, whatever its number, and a hold goes ahead of the slot's new commands already waiting.
        /// </summary>
        public (long Place, long Issued) Order { get; } = order;

        /// <summary>After a refusal (<c>TRYAGAIN</c>, <c>CLUSTERDOWN</c>), the end of its backoff; a slot map read meanwhile does not cut it short.</summary>
        public DateTimeOffset NotBefore { get; } = notBefore;

        public PendingCommand Entry { get; } = entry;

        public IClusterResend Resend { get; } = resend;

        public Exception Error { get; } = error;

        public int Tries { get; set; } = tries;

        public DateTimeOffset? ReconfiguringUntil { get; } = reconfiguringUntil;
    }

    /// <summary>
    /// Numbers a command as it is issued. Failures reach the lane from several threads at once (a dead node's in-flight
    /// and queued commands from its loop, newer commands from their callers), so the lane orders by this number, not
    /// by arrival: a newer command joining while older ones were still being moved here once went ahead of them.
    /// </summary>
    public long Issue() => Interlocked.Increment(ref _issued);

    /// <summary>Numbers <paramref name="count"/> commands issued at once (a bulk chunk's items); returns the first number.</summary>
    public long Issue(int count) => Interlocked.Add(ref _issued, count) - count + 1;

    /// <summary>True while entries for <paramref name="slot"/> wait here: a newer command for it must queue behind them.</summary>
    public bool Holds(int slot) => slot >= 0 && Volatile.Read(ref _count) > 0 && Volatile.Read(ref _waitingBySlot[slot]) > 0;

    /// <summary>
    /// Queues a failed command (or a redirected or new one behind waiting ones, <paramref name="error"/> null) in the
    /// lane, in issue order; <paramref name="isNew"/> for a first attempt, which also goes behind its slot's hold;
    /// <paramref name="movedTo"/> for one that follows a <c>MOVED</c>, which goes where it said. <paramref name="atOnce"/>
    /// tries to route the lane now (a new command, or a lost node's); otherwise the command was refused and goes once
    /// the policy's delay after failed attempt <paramref name="attempt"/> has passed,
    /// with the slot's later entries behind it. False when the lane is closed (the client is disposing): the caller
    /// ends the command itself.
    /// </summary>
    public bool Add(PendingCommand entry, IClusterResend resend, Exception? error, int attempt, DateTimeOffset? reconfiguringUntil, bool atOnce, bool isNew = false, RedisEndPoint? movedTo = null)
    {
        var options = _router.Options;
        var backoff = atOnce ? TimeSpan.Zero : options.RetryPolicy.Delay(Math.Max(1, attempt));
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }
            Insert(new Item(entry, resend, error ?? NotYetSent(entry), attempt, reconfiguringUntil, options.Scheduler.Now + backoff, OrderOf(resend, isNew), isNew, movedTo));
        }
        Arm();
        if (atOnce)
        {
            Poke();
        }
        else
        {
            options.Scheduler.Schedule(this, backoff, static (_, self) =>
            {
                self.Release(timed: false);
                return Disposable.Empty;
            });
        }
        return true;
    }

    /// <summary>
    /// <paramref name="slots"/> are about to be routed away from <paramref name="source"/> (a <c>MOVED</c> came from it,
    /// or the slot map was read again): commands for them issued from now on wait here until <paramref name="source"/>
    /// has answered everything routed to it before (see <see cref="SlotHold"/>). The caller sends the returned barrier
    /// once the slot map names the new owners; null when nothing needs holding (a slot already held behind the same
    /// owner's barrier, as in the burst of <c>MOVED</c>s that follows the first).
    /// </summary>
    public SlotBarrier? Hold(RedisConnection source, IEnumerable<int> slots)
    {
        SlotBarrier? barrier = null;
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }
            var wanted = slots as IReadOnlyCollection<int> ?? [.. slots];
            Dictionary<int, (long Place, long Issued)>? firstNew = null;
            foreach (var slot in wanted)
            {
                if (_holds.TryGetValue(slot, out var current) && current.Barrier.Source == source && !current.Barrier.IsDone)
                {
                    continue;
                }
                firstNew ??= FirstNewBySlot(wanted);
                barrier ??= new SlotBarrier(this, source);
                barrier.Slots.Add(slot);
                var issued = Issue();
                // Ahead of the slot's new commands already waiting (behind an earlier hold, or a retry): they were
                // never sent, so they are newer than anything the old owner may still send back MOVED.
                var order = firstNew.TryGetValue(slot, out var before) && before.CompareTo((issued, issued)) < 0
                    ? (before.Place, before.Issued - 1)
                    : (issued, issued);
                var hold = _holds[slot] = new SlotHold(barrier, slot, issued, order);
                Insert(new Item(barrier, hold, NotYetSent(barrier), 0, null, DateTimeOffset.MinValue, order));
            }
        }
        return barrier;
    }

    /// <summary>
    /// Queues new commands (first attempts whose slots have entries waiting here) at once, under one lock and one
    /// release: a bulk chunk's items (see <see cref="Add"/>). False when the lane is closed.
    /// </summary>
    public bool AddNew(IReadOnlyList<(PendingCommand Entry, IClusterResend Resend, int Attempt, DateTimeOffset? ReconfiguringUntil)> entries)
    {
        var now = _router.Options.Scheduler.Now;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }
            foreach (var (entry, resend, attempt, until) in entries)
            {
                Insert(new Item(entry, resend, NotYetSent(entry), attempt, until, now, OrderOf(resend, isNew: true), isNew: true));
            }
        }
        Arm();
        Poke();
        return true;
    }

    // Under the gate. For each of slots, the lane's first never-sent entry (the order it waits at).
    private Dictionary<int, (long Place, long Issued)> FirstNewBySlot(IReadOnlyCollection<int> slots)
    {
        var wanted = slots as HashSet<int> ?? [.. slots];
        var first = new Dictionary<int, (long Place, long Issued)>();
        foreach (var item in _items)
        {
            var slot = item.Resend.Slot;
            if (item.IsNew && !item.Entry.IsDone && wanted.Contains(slot) && (!first.TryGetValue(slot, out var known) || item.Order.CompareTo(known) < 0))
            {
                first[slot] = item.Order;
            }
        }
        return first;
    }

    // Under the gate. A new command (a first attempt) joining while its slot is held goes behind the hold even if its
    // number is older: it took the number before the hold began but read the slot map after the owner changed, and
    // placed ahead of the hold it overtook older writes still coming back MOVED from the old owner (a bulk item
    // 12,000 versions early). Redirected and failed commands keep their number: they were sent before the barrier.
    private (long Place, long Issued) OrderOf(IClusterResend resend, bool isNew) =>
        isNew && resend.Slot >= 0 && _holds.TryGetValue(resend.Slot, out var hold) && !hold.Barrier.IsDone
            ? (Math.Max(hold.Order.Place + 1, resend.Issued), resend.Issued) // strictly behind
            : (resend.Issued, resend.Issued);

    // Under the gate. Nearly always at the end; otherwise behind the last entry before it in the lane's order.
    private void Insert(Item item)
    {
        var at = _items.Count;
        while (at > 0 && _items[at - 1].Order.CompareTo(item.Order) > 0)
        {
            at--;
        }
        _items.Insert(at, item);
        if (item.Resend.Slot >= 0)
        {
            _waitingBySlot[item.Resend.Slot]++;
        }
        _count++;
    }

    private static RedisConnectionException NotYetSent(PendingCommand entry) =>
        new($"{entry.Name} was not sent: it waited behind retries of earlier commands for the same slot, whose node stayed unreachable.", CommandOutcome.NotSent);

    /// <summary>A node connected or the slot map changed: entries may go now.</summary>
    public void Poke()
    {
        if (Volatile.Read(ref _count) > 0 && Interlocked.Exchange(ref _releaseQueued, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static self =>
            {
                Volatile.Write(ref self._releaseQueued, 0); // cleared first: a poke during the release queues another
                self.Release(timed: false);
            }, this, preferLocal: false);
        }
    }

    // Arms the lane's round timer (an entry whose node is down is tried again after the policy's delay for the round).
    // A lane that empties disarms it (see Release): a stale timer left due while the placed commands were in flight
    // moved a virtual clock under them (BulkRetryVirtualTimeTests saw each arrival 100 ms late in a fresh-clone run).
    private void Arm()
    {
        TimeSpan delay;
        int generation;
        lock (_gate)
        {
            if (_timerArmed || _closed || _count == 0)
            {
                return;
            }
            _timerArmed = true;
            generation = ++_timerGeneration;
            delay = _router.Options.RetryPolicy.Delay(Math.Max(1, _round));
        }
        var timer = _router.Options.Scheduler.Schedule((Lane: this, Generation: generation), delay, static (_, s) =>
        {
            var lane = s.Lane;
            lock (lane._gate)
            {
                if (s.Generation != lane._timerGeneration)
                {
                    return Disposable.Empty; // disarmed meanwhile
                }
                lane._timerArmed = false;
                lane._round++;
            }
            lane.Release(timed: true);
            return Disposable.Empty;
        });
        lock (_gate)
        {
            if (_timerArmed && generation == _timerGeneration)
            {
                _timer = timer;
                return;
            }
        }
        timer.Dispose(); // it ran already, or the lane emptied meanwhile
    }

    // Under the gate: the lane is empty; the returned timer is to be disposed outside it.
    private IDisposable Disarm()
    {
        _round = 0;
        var timer = _timer;
        _timer = Disposable.Empty;
        if (_timerArmed)
        {
            _timerArmed = false;
            _timerGeneration++;
        }
        return timer;
    }

    // Routes the entries in order; keeps those whose node is down, and every later one of the same slot. Only the
    // timer's release (timed) uses up a try of the entries it keeps, and not of those behind a hold, which ends with
    // its barrier's answer or timeout (a bulk run's items gave up behind holds of 2-130 ms), or behind a backoff.
    private void Release(bool timed)
    {
        List<Item>? givenUp = null;
        var disarmed = Disposable.Empty;
        var options = _router.Options;
        var now = options.Scheduler.Now;
        lock (_gate)
        {
            var blocked = new HashSet<int>();
            var held = new HashSet<int>(); // behind a hold or a backoff: waiting for an answer or a time, not a node: no try used
            var kept = 0;
            for (var i = 0; i < _items.Count; i++)
            {
                var item = _items[i];
                var slot = item.Resend.Slot;
                if (item.Entry.IsDone)
                {
                    if (item.Resend is SlotHold ended && _holds.TryGetValue(slot, out var newest) && newest == ended)
                    {
                        _holds.Remove(slot);
                    }
                    Remove(slot);
                    continue;
                }
                if (item.Resend is SlotHold || item.NotBefore > now)
                {
                    // The old owner has not answered yet, or the backoff has not passed: the slot's later entries wait.
                    blocked.Add(slot);
                    held.Add(slot);
                    _items[kept++] = item;
                    continue;
                }
                if (!blocked.Contains(slot) && TryPlace(item))
                {
                    Remove(slot);
                    continue;
                }
                if (_closed || (timed && !held.Contains(slot) && !CanWaitLonger(item, options)))
                {
                    (givenUp ??= []).Add(item);
                    Remove(slot);
                    continue;
                }
                blocked.Add(slot);
                _items[kept++] = item;
            }
            _items.RemoveRange(kept, _items.Count - kept);
            if (_count == 0)
            {
                disarmed = Disarm();
            }
        }
        disarmed.Dispose();
        if (givenUp is not null)
        {
            foreach (var item in givenUp)
            {
                item.Resend.GiveUp(item.Error);
            }
        }
        Arm();
    }

    // Under the gate. Reads the owner and queues the entry inside the slot's route fence, as a new command does, so
    // that a barrier sent on an owner the map has just left goes behind it (see SlotRouteFence).
    private bool TryPlace(Item item)
    {
        var fence = _router.Fence;
        var entered = fence.Enter(item.Resend.Slot);
        try
        {
            var target = item.MovedTo is { } movedTo && _router.Node(movedTo) is { IsConnected: true } moved
                ? moved
                : _router.Route(item.Resend.Slot, item.Resend.Flags);
            return target.IsConnected && target.TryPlaceRetry(item.Entry, item.Resend.DefaultTimeout);
        }
        finally
        {
            fence.Exit(entered);
        }
    }

    // One more wait, if the policy allows it.
    private static bool CanWaitLonger(Item item, RedisOptions options)
    {
        item.Tries++;
        return RetryWithBackoffExtensions.CanRetry(options.RetryPolicy, item.Resend.Flags, item.Tries, item.Error, options.Scheduler, item.ReconfiguringUntil);
    }

    // Under the gate.
    private void Remove(int slot)
    {
        if (slot >= 0)
        {
            _waitingBySlot[slot]--;
        }
        _count--;
    }

    /// <summary>The client is disposing: every waiting entry ends with its error, and nothing joins any more.</summary>
    public void Close()
    {
        Item[] items;
        IDisposable disarmed;
        lock (_gate)
        {
            _closed = true;
            disarmed = Disarm();
            items = [.. _items];
            _items.Clear();
            _holds.Clear();
            Array.Clear(_waitingBySlot);
            _count = 0;
        }
        disarmed.Dispose();
        foreach (var item in items)
        {
            item.Resend.GiveUp(item.Error);
        }
    }
}
