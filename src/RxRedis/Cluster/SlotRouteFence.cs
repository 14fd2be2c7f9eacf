namespace RxRedis.Cluster;

/// <summary>
/// Closes the gap between reading a slot's owner from the slot map and queueing the command there (issue 18). A
/// <see cref="SlotBarrier"/> sent on the old owner right after the map named the new one could otherwise go ahead of
/// a command that had read the old owner a moment before: that command came back <c>MOVED</c> after the barrier had
/// ended the slot's hold, and followed newer writes of its key (1 to 3 writes applied late per 20 rounds of
/// ClusterRedirectOrderTests). A command routes and queues between <see cref="Enter"/> and <see cref="Exit"/>; after
/// the map changed, <see cref="WaitForRoutedBefore"/> returns once each command that may have read the old owner is in
/// that owner's queue. Two counters per slot, switched at each change as in read-copy-update, so that a busy slot's
/// newer commands, which read the new map, cannot keep the wait going.
/// </summary>
internal sealed class SlotRouteFence
{
    private readonly int[] _epochBySlot = new int[HashSlot.Count];
    private readonly int[] _routing = new int[HashSlot.Count * 2]; // per slot: commands routing in epoch 0, in epoch 1
    private readonly Lock _changes = new(); // one change at a time, so each waits on the counter it switched away from

    /// <summary>A command of <paramref name="slot"/> is about to read the map; pass the result to <see cref="Exit"/>.</summary>
    public int Enter(int slot)
    {
        if (slot < 0)
        {
            return -1;
        }
        while (true)
        {
            var epoch = Volatile.Read(ref _epochBySlot[slot]);
            var counter = (slot * 2) + epoch;
            Interlocked.Increment(ref _routing[counter]); // a full fence: the map is read after it
            if (Volatile.Read(ref _epochBySlot[slot]) == epoch)
            {
                return counter;
            }
            Interlocked.Decrement(ref _routing[counter]); // a change switched counters meanwhile: count in the new one
        }
    }

    /// <summary>The command that entered is queued (on a node, or in the resend lane).</summary>
    public void Exit(int counter)
    {
        if (counter >= 0)
        {
            Interlocked.Decrement(ref _routing[counter]);
        }
    }

    /// <summary>
    /// Call after the map names the new owners of <paramref name="slots"/>: returns once every command that entered
    /// before is queued. Those that enter later read the new map (the switch is a full fence after the map's store).
    /// </summary>
    public void WaitForRoutedBefore(IReadOnlyList<int> slots)
    {
        lock (_changes)
        {
            foreach (var slot in slots)
            {
                var old = Interlocked.Exchange(ref _epochBySlot[slot], _epochBySlot[slot] ^ 1);
                var spin = default(SpinWait);
                while (Volatile.Read(ref _routing[(slot * 2) + old]) != 0)
                {
                    spin.SpinOnce(); // only while a command is between reading the map and its queue's write
                }
            }
        }
    }
}
