namespace RxRedis.Benchmarks.Macro;

/// <summary>Counts pub/sub deliveries from any thread and completes when the expected number has arrived.</summary>
internal sealed class DeliveryCountdown(long expected)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _delivered;

    public long Delivered => Interlocked.Read(ref _delivered);

    public void Signal()
    {
        if (Interlocked.Increment(ref _delivered) == expected)
        {
            _done.TrySetResult();
        }
    }

    /// <summary>Waits for every delivery; a run that loses messages fails after <paramref name="timeout"/> instead of hanging.</summary>
    public Task WaitAsync(TimeSpan timeout) => _done.Task.WaitAsync(timeout);
}
