using System.Buffers;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Runtime.ExceptionServices;
using RxRedis.Cluster;
using RxRedis.Connection;
using RxRedis.Protocol;
using RxRedis.Resilience;

namespace RxRedis.Commands;

/// <summary>
/// One subscription to a <see cref="RedisCommand{T}"/>: it is the connection's queue entry, the subscriber's
/// disposable, and a thread-pool work item. The reply is decoded on the reader loop (cheap, and a decoding error
/// fails only this command), then delivered to the observer on the thread pool (with the other replies of the same
/// read, see <see cref="DeliveryBatch"/>), so an observer that blocks in <c>OnNext</c> never holds up other replies. Exactly one of OnNext+OnCompleted or OnError is delivered, unless
/// the subscription was disposed first, in which case nothing is. A retryable failure is not delivered: the
/// observer is handed to the retry chain, built only then, and disposing this subscription disposes that chain.
/// Awaited, the subscription is its own observer and the awaiter's state, so an <c>await</c> costs this one object.
/// </summary>
internal sealed class CommandSubscription<T> : PendingCommand, IDisposable, IThreadPoolWorkItem, IObserver<T>, IAwaitedReply<T>
{
    private readonly RedisCommand<T> _command;
    private IObserver<T>? _observer;
    private T? _value;
    private Exception? _error;
    private IDisposable? _timer;
    private IDisposable? _retry;
    private ReplyCompletion _completion;
    private Action? _continuation; // an await's continuation to run on the pool (see EndAwaited)
    private System.Collections.Concurrent.ConcurrentQueue<Action>? _retryNotices; // OnRetry calls not yet made

    public CommandSubscription(RedisCommand<T> command, IObserver<T> observer)
    {
        _command = command;
        _observer = observer;
    }

    /// <summary>An awaited subscription: it observes itself (directly, or through the retry chain).</summary>
    public CommandSubscription(RedisCommand<T> command)
    {
        _command = command;
        _observer = this;
    }

    public override string Name => _command.Info.Name;

    /// <summary>Starts the timeout and queues the command.</summary>
    public void Start(RedisConnection connection)
    {
        var timeout = _command.OwnTimeout;
        if (timeout is { } own && own != Timeout.InfiniteTimeSpan)
        {
            _timer = _command.Options.Scheduler.Schedule((Self: this, Timeout: own), own, static (_, s) =>
            {
                s.Self.OnTimeout(s.Timeout);
                return Disposable.Empty;
            });
        }
        connection.Enqueue(this, defaultTimeout: timeout is null);
    }

    // After ASK the command goes to the importing node behind ASKING, in one entry that takes both replies.
    public override int ReplyCount => _command.AskAt is null ? 1 : 2;

    public override void Write(IBufferWriter<byte> output)
    {
        if (_command.AskAt is not null)
        {
            output.Write(Redirect.AskingFrame);
        }
        _command.WriteTo(output);
    }

    public override bool OnReply(in RespValue reply, int index)
    {
        if (index + 1 < ReplyCount)
        {
            return true; // ASKING's +OK; were it refused, the command's own reply says why
        }
        if (IsFinished)
        {
            return false;
        }
        var error = ReplyDecoding.Decode(reply, _command.Decode, Name, out var value);
        if (error is RedisServerException && TryResend(error, afterServerError: true))
        {
            return true;
        }
        if (!TryFinish())
        {
            return false;
        }
        _value = value;
        _error = error;
        if (error is null && _retryNotices is null && ReferenceEquals(Volatile.Read(ref _observer), this))
        {
            EndAwaited();
            return true;
        }
        DeliveryBatch.Post(this);
        return true;
    }

    // Awaited, hooks off, and a reply: ending it runs no user code, so the reader ends it (issue 17). A blocked
    // GetResult is released here, with no pool thread between the read and the waiting thread; an await's
    // continuation (user code) still runs on the pool, in the read's delivery batch.
    private void EndAwaited()
    {
        _timer?.Dispose();
        if (Interlocked.CompareExchange(ref _observer, null, this) == this && _completion.End() is { } continuation)
        {
            _continuation = continuation;
            DeliveryBatch.Post(this);
        }
    }

    public override void OnFailure(Exception error)
    {
        if (IsFinished || (error is RedisConnectionException { Outcome: CommandOutcome.Unknown } && TryResend(error, afterServerError: false)))
        {
            return;
        }
        if (TryFinish())
        {
            _error = error;
            DeliveryBatch.Post(this);
        }
    }

    public override void OnTimeout(TimeSpan timeout)
    {
        if (TryFinish())
        {
            _error = new RedisTimeoutException(Name, timeout, AbandonOnTimeout(), Connection?.DescribeLoad());
            DeliveryBatch.Post(this);
        }
    }

    /// <summary>
    /// On one server, a retry is the connection's to send, so it keeps the order commands were issued in (see
    /// <see cref="ResendQueue"/>): after a lost socket first thing on the next one, after an error that proves the
    /// command was not applied (<c>LOADING</c>, <c>BUSY</c>, ...) after the policy's backoff. A cluster routes each
    /// retry afresh instead (see <see cref="Execute"/>).
    /// </summary>
    private bool TryResend(Exception error, bool afterServerError)
    {
        var policy = _command.Options.RetryPolicy;
        if (!_command.Retries || _command.Router is not RedisConnection connection
            || !RetryWithBackoffExtensions.CanRetry(policy, _command.Flags, Attempt, error))
        {
            return false;
        }
        var failed = Attempt;
        TimeSpan? backoff = afterServerError ? policy.Delay(failed) : null;
        if (!connection.TryResend(this, backoff))
        {
            return false;
        }
        if (RetryNotifications.For(_command.Info, _command.Options.Hooks) is { } notify)
        {
            // Hooks are user code, which never runs on the reader loop: told on the pool, and at the latest before
            // the outcome is delivered (Execute drains what is left), so a hook sees every retry before the result.
            var pending = LazyInitializer.EnsureInitialized(ref _retryNotices);
            pending.Enqueue(() => notify(failed, error, backoff ?? TimeSpan.Zero));
            ThreadPool.UnsafeQueueUserWorkItem(static self => self.NotifyRetries(), this, preferLocal: false);
        }
        return true;
    }

    private void NotifyRetries()
    {
        if (_retryNotices is not { } pending)
        {
            return;
        }
        lock (pending)
        {
            while (pending.TryDequeue(out var notice))
            {
                notice();
            }
        }
    }

    public void Execute()
    {
        if (Interlocked.Exchange(ref _continuation, null) is { } continuation)
        {
            continuation(); // an await's continuation, after the reader ended the command (EndAwaited)
            return;
        }
        NotifyRetries();
        _timer?.Dispose();
        var observer = Interlocked.Exchange(ref _observer, null);
        if (observer is null)
        {
            return;
        }
        if (_error is { } error)
        {
            _command.OnAttemptFailed(error);
            if (_command.Redirected(error) is { } redirected)
            {
                Follow(redirected.Subscribe(observer));
                return;
            }
            var policy = _command.Options.RetryPolicy;
            var scheduler = _command.Options.Scheduler;
            var reconfiguringUntil = _command.ReconfigurationRetryEnd();
            if (_command.Retries && RetryWithBackoffExtensions.CanRetry(policy, _command.Flags, Attempt, error, scheduler, reconfiguringUntil))
            {
                var retry = RetryWithBackoffExtensions
                    .AfterFailure(_command.Once(), policy, scheduler, _command.Flags, Attempt, error, RetryNotifications.For(_command.Info, _command.Options.Hooks), reconfiguringUntil)
                    .Subscribe(observer);
                Follow(retry);
                return;
            }
            observer.OnError(error);
            return;
        }
        observer.OnNext(_value!);
        observer.OnCompleted();
    }

    // The observer now belongs to a retry or a redirect; disposing this subscription disposes that.
    private void Follow(IDisposable next)
    {
        if (Interlocked.CompareExchange(ref _retry, next, null) is not null)
        {
            next.Dispose(); // disposed meanwhile
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _observer, null) is not null)
        {
            Abandon();
            _timer?.Dispose();
        }
        Interlocked.Exchange(ref _retry, Disposable.Empty)?.Dispose();
    }

    public bool IsCompleted => _completion.IsCompleted;

    public T GetResult()
    {
        _completion.Wait();
        if (_error is not null)
        {
            ExceptionDispatchInfo.Throw(_error);
        }
        return _value!;
    }

    public void OnCompleted(Action continuation) => _completion.OnCompleted(continuation);

    void IObserver<T>.OnNext(T value)
    {
        _value = value;
        _error = null; // a retry succeeded after the failure that started it
    }

    void IObserver<T>.OnError(Exception error)
    {
        _error = error;
        _completion.Complete();
    }

    void IObserver<T>.OnCompleted() => _completion.Complete();
}
