using System.Reactive.Concurrency;
using RxRedis.Commands;
using RxRedis.Resilience;

namespace RxRedis.Streams;

/// <summary>
/// The read loop shared by stream consumers and tails: one subscription runs <see cref="StepAsync"/> until it is
/// disposed or fails, retrying transient failures with the client's <see cref="RetryPolicy"/> backoff on the client's
/// scheduler. Entries reach the observer one at a time under a lock that <see cref="Dispose"/> also takes, so once
/// Dispose has returned nothing more is delivered (Dispose waits for an <c>OnNext</c> running on another thread).
/// </summary>
internal abstract class StreamLoop<T> : IDisposable
{
    private readonly Lock _delivery = new();
    private readonly CancellationTokenSource _stop = new();
    private IObserver<T>? _observer;

    protected StreamLoop(RedisClient client, IObserver<T> observer)
    {
        Client = client;
        _observer = observer;
    }

    protected RedisClient Client { get; }

    protected RetryPolicy Policy => Client.Options.RetryPolicy;

    protected IScheduler Scheduler => Client.Options.Scheduler;

    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Starts the loop on the thread pool, so <c>Subscribe</c> returns at once.</summary>
    public virtual void Start() => _ = Task.Run(RunAsync);

    /// <summary>One read and the delivery of what it returned. Throws on failure.</summary>
    protected abstract Task StepAsync(CancellationToken cancellationToken);

    /// <summary>Called before the wait that follows a transient failure of <see cref="StepAsync"/>.</summary>
    protected virtual void OnTransientFailure()
    {
    }

    /// <summary>Wraps an error that is not retried into the message the subscriber gets.</summary>
    protected abstract Exception Describe(Exception error);

    private async Task RunAsync()
    {
        var failures = 0;
        while (!Stopping.IsCancellationRequested)
        {
            try
            {
                await StepAsync(Stopping).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception) when (Stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not SubscriberException && IsTransient(e) && ++failures <= Policy.MaxRetries)
            {
                OnTransientFailure();
                try
                {
                    await SchedulerDelay.WaitAsync(Scheduler, Policy.Delay(failures), Stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (SubscriberException e)
            {
                Fail(e.InnerException!);
                return;
            }
            catch (Exception e)
            {
                Fail(Describe(e));
                return;
            }
        }
    }

    /// <summary>
    /// Whether a failed read may be tried again under the client's policy. Reads are classed as idempotent: a tail
    /// re-reads from the last id it delivered, and a consumer recovers what an unknown-outcome read moved into its
    /// pending list by re-reading that list (see <see cref="StreamConsumer"/>).
    /// </summary>
    protected bool IsTransient(Exception error) => Policy.IsRetryable(error, CommandFlags.Idempotent);

    /// <summary>True once the subscription was disposed or ended.</summary>
    protected bool IsOver
    {
        get
        {
            lock (_delivery)
            {
                return _observer is null;
            }
        }
    }

    /// <summary>
    /// Calls <c>OnNext</c> unless the subscription is over: true when it was called and returned. An exception
    /// thrown by the subscriber ends the loop: it is rethrown wrapped, so the loop passes it to <c>OnError</c> and
    /// never retries it.
    /// </summary>
    protected bool Deliver(T value)
    {
        lock (_delivery)
        {
            if (_observer is not { } observer)
            {
                return false;
            }
            try
            {
                observer.OnNext(value);
            }
            catch (Exception e)
            {
                throw new SubscriberException(e);
            }
            return true;
        }
    }

    /// <summary>Ends the subscription with <paramref name="error"/> (once; nothing after dispose).</summary>
    protected void Fail(Exception error)
    {
        lock (_delivery)
        {
            var observer = _observer;
            _observer = null;
            observer?.OnError(error);
        }
        Stop();
    }

    public void Dispose()
    {
        lock (_delivery)
        {
            _observer = null;
        }
        Stop();
    }

    /// <summary>Cancels the loop; cancelling the blocked read makes the blocking command close its dedicated connection.</summary>
    protected virtual void Stop() => _stop.Cancel();

    /// <summary>An exception thrown by the subscriber's <c>OnNext</c>, carried to the loop.</summary>
    protected sealed class SubscriberException(Exception inner) : Exception(inner.Message, inner);
}
