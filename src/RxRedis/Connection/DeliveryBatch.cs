namespace RxRedis.Connection;

/// <summary>
/// The deliveries of one read (issue 17): every reply the reader parsed from one receive that goes to the thread pool
/// (user code never runs on the reader) goes in one work item instead of one each. A reader opens a batch around a
/// read (<see cref="Begin"/>/<see cref="End"/>); <see cref="Post"/> from that thread joins it, from any other thread it
/// queues the item alone.
/// A subscriber that blocks in its callback must not hold up the rest of its batch (the slow-subscriber invariant):
/// whoever runs an item leaves a helper queued while items are left, so another pool thread carries on past a
/// blocked one. A batch of one is queued as the item itself.
/// </summary>
internal sealed class DeliveryBatch : IThreadPoolWorkItem
{
    // A read's deliveries: none, one (t_first, queued as itself: the lone caller's case, no batch allocated), or a batch.
    [ThreadStatic]
    private static bool t_reading;
    [ThreadStatic]
    private static IThreadPoolWorkItem? t_first;
    [ThreadStatic]
    private static DeliveryBatch? t_batch;

    private readonly List<IThreadPoolWorkItem> _items = [];
    private int _next;          // index of the next item to claim
    private int _helperQueued;  // 1 while a helper is queued and has not started

    /// <summary>Hands <paramref name="item"/> to the pool: in the read's batch on a reader thread, else on its own.</summary>
    public static void Post(IThreadPoolWorkItem item)
    {
        if (!t_reading)
        {
            ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
        }
        else if (t_batch is { } batch)
        {
            batch._items.Add(item);
        }
        else if (t_first is { } first)
        {
            t_batch = new DeliveryBatch { _items = { first, item } };
            t_first = null;
        }
        else
        {
            t_first = item;
        }
    }

    /// <summary>Opens a batch on this (reader) thread.</summary>
    public static void Begin() => t_reading = true;

    /// <summary>Queues what the read's batch holds and closes it.</summary>
    public static void End()
    {
        t_reading = false;
        if (t_batch is { } batch)
        {
            t_batch = null;
            ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
        }
        else if (t_first is { } first)
        {
            t_first = null;
            ThreadPool.UnsafeQueueUserWorkItem(first, preferLocal: false);
        }
    }

    public void Execute()
    {
        Volatile.Write(ref _helperQueued, 0);
        var items = _items;
        int index;
        while ((index = Interlocked.Increment(ref _next) - 1) < items.Count)
        {
            if (index + 1 < items.Count && Interlocked.CompareExchange(ref _helperQueued, 1, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
            items[index].Execute();
        }
    }
}
