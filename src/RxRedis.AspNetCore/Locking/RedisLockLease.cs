using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Reactive.Threading.Tasks;

namespace RxRedis.AspNetCore.Locking;

/// <summary>
/// A held lock. It renews itself every <see cref="RedisLockOptions.RenewInterval"/> on the client's scheduler and
/// counts as held until <see cref="ValidUntil"/>: the send time of the last confirmed acquire or renewal plus the
/// lease time (a reply cannot make the lease look longer than the server may keep it). Dispose it to release.
/// </summary>
public sealed class RedisLockLease : IAsyncDisposable
{
    private readonly RedisClient _client;
    private readonly RedisLockOptions _options;
    private readonly string _key;
    private readonly string _owner;
    private readonly IScheduler _scheduler;
    private readonly ReplaySubject<RedisLockLoss> _lost = new(1);
    private readonly SerialDisposable _expiry = new();
    private readonly IDisposable _renewals;
    private readonly Lock _gate = new();
    private DateTimeOffset _validUntil;
    private bool _ended;

    internal RedisLockLease(RedisClient client, RedisLockOptions options, string name, string key, string owner, long fencingToken, DateTimeOffset sentAt)
    {
        _client = client;
        _options = options;
        _key = key;
        _owner = owner;
        _scheduler = client.Options.Scheduler;
        Name = name;
        FencingToken = fencingToken;
        Extend(sentAt);
        _renewals = Observable.Interval(options.EffectiveRenewInterval, _scheduler)
            .Select(_ => Observable.Defer(Renew))
            .Concat()
            .Subscribe(_ => { }, _ => { });
        if (!IsHeld)
        {
            // Lost before the renewals started (an acquire reply slower than the lease): End missed them.
            _renewals.Dispose();
        }
    }

    /// <summary>The lock's name.</summary>
    public string Name { get; }

    /// <summary>
    /// Grows with every acquisition of this lock's name: pass it to the resource, which should refuse a token lower
    /// than the highest it has seen.
    /// </summary>
    public long FencingToken { get; }

    /// <summary>Until when (on the client's scheduler) the lease is known to be held, unless renewed again.</summary>
    public DateTimeOffset ValidUntil
    {
        get
        {
            lock (_gate)
            {
                return _validUntil;
            }
        }
    }

    /// <summary>True until the lease is released or lost.</summary>
    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return !_ended;
            }
        }
    }

    /// <summary>
    /// Emits why the lease ended, once, if it ends without <see cref="ReleaseAsync"/> (and replays it to late
    /// subscribers), then completes; completes without a value when released. Emitted on the scheduler's or the
    /// client's thread: hand long work off.
    /// </summary>
    public IObservable<RedisLockLoss> Lost => _lost.AsObservable();

    /// <summary>
    /// Stops renewing and deletes the lock key if this lease still owns it. True when it did; false when the lease
    /// had already ended (the key, now perhaps another owner's, is left alone).
    /// </summary>
    public async Task<bool> ReleaseAsync()
    {
        if (!End())
        {
            return false;
        }
        _lost.OnCompleted();
        var reply = await _client.Eval(LockScripts.Release, [_key], [_owner, LockScripts.ReleaseChannel(_key)]).ToTask().ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    /// <summary>Releases the lease (see <see cref="ReleaseAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await ReleaseAsync().ConfigureAwait(false);

    private IObservable<Unit> Renew()
    {
        var sentAt = _scheduler.Now;
        return _client.Eval(LockScripts.Renew, [_key], [_owner, RedisDistributedLock.Milliseconds(_options.LeaseTime)])
            .Do(reply =>
            {
                if (reply.AsInt64() == 1)
                {
                    Extend(sentAt);
                }
                else
                {
                    Lose(RedisLockLoss.Taken);
                }
            })
            // A failed renewal is not a loss yet: the next may succeed, and the expiry timer decides.
            .Select(_ => Unit.Default)
            .Catch(Observable.Empty<Unit>());
    }

    private void Extend(DateTimeOffset sentAt)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }
            _validUntil = sentAt + _options.LeaseTime;
            _expiry.Disposable = _scheduler.Schedule(_validUntil, () => Lose(RedisLockLoss.Expired));
        }
    }

    private void Lose(RedisLockLoss reason)
    {
        if (!End())
        {
            return;
        }
        _lost.OnNext(reason);
        _lost.OnCompleted();
        if (reason == RedisLockLoss.Expired)
        {
            // The server may still keep the key (a renewal that was slow, not lost): free it if it is still ours.
            _client.Eval(LockScripts.Release, [_key], [_owner, LockScripts.ReleaseChannel(_key)]).Subscribe(_ => { }, _ => { });
        }
    }

    /// <summary>Marks the lease ended; true for the one caller that ended it.</summary>
    private bool End()
    {
        lock (_gate)
        {
            if (_ended)
            {
                return false;
            }
            _ended = true;
        }
        _expiry.Dispose();
        // Null only while the constructor runs; it disposes them itself then.
        _renewals?.Dispose();
        return true;
    }
}
