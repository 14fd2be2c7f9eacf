using System.Buffers;
using System.Collections.Concurrent;
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
internal sealed class CommandSubscription<T> : PendingCommand, IDisposable, IThreadPoolWorkItem, IObserver<T>, IAwaitedReply<T>, IClusterResend
{
    private readonly RedisCommand<T> _command;
    private IObserver<T>? _observer;
    private T? _value;
    private Exception? _error;
    private IDisposable? _timer;
    private IDisposable? _retry;
    private ReplyCompletion _completion;
    private Action? _continuation; // an await's continuation to run on the pool (see EndAwaited)
    private ConcurrentQueue<Action>? _retryNotices; // OnRetry calls not yet made
    private bool _retriesSpent; // the cluster's resend lane gave up: no retry chain after it
    private DateTimeOffset? _reconfiguringUntil; // set at the first failure that joins the cluster's resend lane
    private long _issued; // in a cluster: the issue order the resend lane keeps

    public CommandSubscription(RedisCommand<T> command, IObserver<T> observer)
    {
        _command = command;
        _observer = observer;
    }

    /// <summary>
    /// The attempt that follows a redirect of another subscription: it keeps that command's place in the issue order
    /// (<paramref name="issued"/>) and the retry notices it has not made yet.
    /// </summary>
    public CommandSubscription(RedisCommand<T> command, IObserver<T> observer, long issued, ConcurrentQueue<Action>? retryNotices)
    {
        _command = command;
        _observer = observer;
        _issued = issued;
        _retryNotices = retryNotices;
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
        if (_command.Router is ClusterRouter cluster)
        {
            var isNew = _issued == 0; // else this attempt follows a redirect and keeps the command's number
            if (isNew)
            {
                _issued = cluster.Resends.Issue();
            }
            if (_command.AskAt is null && cluster.Resends.Holds(_command.Slot)
                && cluster.Resends.Add(this, this, error: null, Attempt, _reconfiguringUntil = _command.ReconfigurationRetryEnd(), atOnce: true, isNew, movedTo: isNew ? null : _command.RedirectedTo))
            {
                return; // older entries for this slot wait in the lane (retries, or a hold): this one goes after them
            }
        }
        connection.Enqueue(this, defaultTimeout: timeout is null);
    }

    int IClusterResend.Slot => _command.Slot;

    CommandFlags IClusterResend.Flags => _command.Flags;

    bool IClusterResend.DefaultTimeout => _command.OwnTimeout is null;

    long IClusterResend.Issued => _issued;

    void IClusterResend.GiveUp(Exception error)
    {
        if (TryFinish())
        {
            _retriesSpent = true;
            _error = error;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
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
        if (error is RedisServerException && (TryFollowRedirect(error) || TryResend(error, afterServerError: true)))
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

    /// <summary>
    /// A <c>MOVED</c> or <c>ASK</c> is followed here, on the reader, so the redirected commands of one node go on in
    /// the order that node answered them, which is the order they were sent (issue 18); handing each to the pool let
    /// two redirected writes of one key swap. The next attempt keeps this one's issue number, so in the resend lane it
    /// goes ahead of commands issued after it; a <c>MOVED</c> also holds the slot's newer commands until the old
    /// owner answered what was sent to it before (<see cref="SlotHold"/>). No user code runs: the observer is handed on.
    /// </summary>
    private bool TryFollowRedirect(Exception error)
    {
        if (_command.Router is not ClusterRouter || !Redirect.TryParse(error, out var redirect) || !_command.MayRedirect || !TryFinish())
        {
            return false;
        }
        _timer?.Dispose();
        var redirected = _command.Redirected(redirect, Connection);
        if (Interlocked.Exchange(ref _observer, null) is { } observer)
        {
            Follow(redirected.Continue(observer, _issued, _retryNotices));
        }
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
        if (IsFinished || (error is RedisConnectionException connectionError && TryResend(connectionError, afterServerError: false)))
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
    /// command was not applied (<c>LOADING</c>, <c>BUSY</c>, ...) after the policy's backoff. In a cluster the
    /// router's <see cref="ClusterResendLane"/> routes it afresh, in the same order.
    /// </summary>
    private bool TryResend(Exception error, bool afterServerError)
    {
        if (_command.Router is ClusterRouter cluster)
        {
            return TryReroute(cluster, error);
        }
        var policy = _command.Options.RetryPolicy;
        if (!_command.Retries || _command.Router is not RedisConnection connection
            || error is RedisConnectionException { Outcome: not CommandOutcome.Unknown }
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
        Notify(failed, error, backoff ?? TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// In a cluster a retry joins the router's <see cref="ClusterResendLane"/>, which routes it afresh (the slot may
    /// have a new owner) in the order the failures came, ahead of newer commands for the same slot. Redirects are not
    /// retries: <see cref="TryFollowRedirect"/> follows them on the reader.
    /// </summary>
    private bool TryReroute(ClusterRouter cluster, Exception error)
    {
        var until = _reconfiguringUntil ??= _command.ReconfigurationRetryEnd();
        if (!_command.Retries || Redirect.TryParse(error, out _)
            || !RetryWithBackoffExtensions.CanRetry(_command.Options.RetryPolicy, _command.Flags, Attempt, error, _command.Options.Scheduler, until))
        {
            return false;
        }
        var failed = Attempt;
        // A refusal (TRYAGAIN, CLUSTERDOWN, LOADING) waits for the policy's delay; a lost node goes as soon as it is back.
        if ((IsWritten && !TryPrepareResend()) || !cluster.Resends.Add(this, this, error, failed, until, atOnce: error is RedisConnectionException))
        {
            return false;
        }
        Notify(failed, error, TimeSpan.Zero);
        return true;
    }

    private void Notify(int failed, Exception error, TimeSpan backoff)
    {
        if (RetryNotifications.For(_command.Info, _command.Options) is { } notify)
        {
            // Hooks are user code, which never runs on the reader loop: told on the pool, and at the latest before
            // the outcome is delivered (Execute drains what is left), so a hook sees every retry before the result.
            var pending = LazyInitializer.EnsureInitialized(ref _retryNotices);
            pending.Enqueue(() => notify(failed, error, backoff));
            ThreadPool.UnsafeQueueUserWorkItem(static self => self.NotifyRetries(), this, preferLocal: false);
        }
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
                notice(); // each hook's call goes through the client's CallbackGuard (RetryNotifications)
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
            var policy = _command.Options.RetryPolicy;
            var scheduler = _command.Options.Scheduler;
            var reconfiguringUntil = _command.ReconfigurationRetryEnd();
            if (_command.Retries && !_retriesSpent && RetryWithBackoffExtensions.CanRetry(policy, _command.Flags, Attempt, error, scheduler, reconfiguringUntil))
            {
                var retry = RetryWithBackoffExtensions
                    .AfterFailure(_command.Once(), policy, scheduler, _command.Flags, Attempt, error, RetryNotifications.For(_command.Info, _command.Options), reconfiguringUntil)
                    .Subscribe(observer);
                Follow(retry);
                return;
            }
            _command.Options.Callbacks.OnError(observer, error, Name);
            return;
        }
        _command.Options.Callbacks.Reply(observer, _value!, Name);
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
