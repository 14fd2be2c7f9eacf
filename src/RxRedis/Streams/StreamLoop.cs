using System.Reactive.Concurrency;
using RxRedis.Commands;
using RxRedis.Resilience;

namespace RxRedis.Streams;

/// <summary>
/// The read loop shared by stream consumers and tails: one subscription runs <see cref="StepAsync"/> until it is
/// disposed or fails, retrying transient failures (timeouts of a stalled server included) with the client's
/// <see cref="RetryPolicy"/> backoff on the client's scheduler, for as long as a run of failures lasts less than
/// its give-up time (issue 13: a stall past Block + CommandTimeout used to end the loop for good). Entries reach the
/// observer one at a time under a lock that <see cref="Dispose"/> also takes, so once Dispose has returned nothing
/// more is delivered (Dispose waits for an <c>OnNext</c> running on another thread).
/// </summary>
internal abstract class StreamLoop<T> : IDisposable
{
    private readonly Lock _delivery = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _giveUpAfter;
    private IObserver<T>? _observer;

    protected StreamLoop(RedisClient client, TimeSpan giveUpAfter, IObserver<T> observer)
    {
        Client = client;
        _giveUpAfter = giveUpAfter;
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
        var failingSince = DateTimeOffset.MinValue;
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
            catch (Exception e) when (e is not SubscriberException && IsTransient(e) && MayRetry(++failures, ref failingSince))
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
    /// Whether a run of <paramref name="failures"/> failures in a row, the first of them at <paramref name="failingSince"/>
    /// (set here on the first), is still within the give-up time on the scheduler. Zero gives up at the first failure;
    /// <see cref="Timeout.InfiniteTimeSpan"/> never does.
    /// </summary>
    private bool MayRetry(int failures, ref DateTimeOffset failingSince)
    {
        var now = Scheduler.Now;
        if (failures == 1)
        {
            failingSince = now;
        }
        return _giveUpAfter == Timeout.InfiniteTimeSpan || (_giveUpAfter > TimeSpan.Zero && now - failingSince <= _giveUpAfter);
    }

    /// <summary>
    /// Whether a failed read may be tried again. Reads are classed as idempotent: a tail re-reads from the last id
    /// it delivered, and a consumer recovers what an unknown-outcome read moved into its pending list by re-reading
    /// that list (see <see cref="StreamConsumer"/>). For the same reason a timeout counts as transient whatever
    /// <see cref="RetryPolicy.RetryTimeouts"/> says: a stalled server is waited out, not given up on.
    /// </summary>
    protected bool IsTransient(Exception error) =>
        error is RedisTimeoutException || Policy.IsRetryable(error, CommandFlags.Idempotent);

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
    /// thrown by the subscriber ends the loop without <c>OnError</c> (the policy of <see cref="RedisClient.CallbackErrors"/>,
    /// where it is reported): it is rethrown wrapped, so the loop stops and never retries it.
    /// </summary>
    protected bool Deliver(T value)
    {
        lock (_delivery)
        {
            if (_observer is not { } observer)
            {
                return false;
            }
            if (!Client.Options.Callbacks.OnNext(observer, value, GetType().Name))
            {
                _observer = null; // told nothing more, not even OnError
                throw new SubscriberException(new InvalidOperationException("The subscriber's OnNext threw."));
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
            if (observer is not null)
            {
                Client.Options.Callbacks.OnError(observer, error, GetType().Name);
            }
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
