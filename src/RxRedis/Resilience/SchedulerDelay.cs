using System.Reactive.Concurrency;

namespace RxRedis.Resilience;

/// <summary>Waits on an <see cref="IScheduler"/> so that a <c>TestScheduler</c> controls the wait in virtual time.</summary>
internal static class SchedulerDelay
{
    public static Task WaitAsync(IScheduler scheduler, TimeSpan delay, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = scheduler.Schedule(done, delay, static (_, state) =>
        {
            state.TrySetResult();
            return System.Reactive.Disposables.Disposable.Empty;
        });
        var registration = cancellationToken.Register(() =>
        {
            timer.Dispose();
            done.TrySetCanceled(cancellationToken);
        });
        _ = done.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        return done.Task;
    }

    /// <summary>A token that is cancelled after <paramref name="timeout"/> on <paramref name="scheduler"/>, or with <paramref name="outer"/>.</summary>
    public static CancellationTokenSource TimeoutSource(IScheduler scheduler, TimeSpan timeout, CancellationToken outer, out IDisposable timer)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        timer = scheduler.Schedule(source, timeout, static (_, s) =>
        {
            try
            {
                s.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The attempt finished and disposed the source before the timer fired.
            }
            return System.Reactive.Disposables.Disposable.Empty;
        });
        return source;
    }
}
