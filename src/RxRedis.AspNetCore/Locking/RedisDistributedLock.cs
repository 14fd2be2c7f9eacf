using System.Globalization;
using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;

namespace RxRedis.AspNetCore.Locking;

/// <summary>
/// Named locks on one Redis server: <c>SET key owner NX PX lease</c>, renewed while held, released only by the owner.
/// Every acquisition gets a fencing token, a number that grows with each acquisition of that name, for the
/// resource to reject writes from a holder that has lost the lock (https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html).
/// Time (retry delays, renewals, lease expiry) comes from the client's <see cref="RedisOptions.Scheduler"/>.
/// </summary>
/// <remarks>
/// Safe against one server only: if the primary fails over before a replica has the lock key, two holders can
/// overlap (Redis replication is asynchronous). Redlock would take a majority of independent primaries; this type
/// does not. The fencing token is what keeps a resource safe when leases overlap, whatever the cause (a pause longer
/// than the lease, clock drift, a failover). The lock key and its counter are <c>{KeyPrefix}{{name}}</c> and
/// <c>{KeyPrefix}{{name}}:fence</c>, one hash slot on a cluster; the counter never expires.
/// </remarks>
public sealed class RedisDistributedLock
{
    private readonly RedisClient _client;
    private readonly RedisLockOptions _options;

    /// <summary>Locks on <paramref name="client"/>'s server.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public RedisDistributedLock(RedisClient client, RedisLockOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new RedisLockOptions();
        _options.Validate();
    }

    /// <summary>
    /// Acquires the lock <paramref name="name"/> within <paramref name="timeout"/>. While it waits it listens on the
    /// lock's release channel and tries again as soon as the holder releases, or after
    /// <see cref="RedisLockOptions.RetryDelay"/> (a holder that crashed releases nothing; its key just expires).
    /// Cold: each subscription acquires once, then emits the lease and completes, or fails with
    /// <see cref="TimeoutException"/>. A lease won after the subscriber disposed is released at once.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="timeout"/> negative.</exception>
    public IObservable<RedisLockLease> Acquire(string name, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var scheduler = _client.Options.Scheduler;
        return Observable.Defer(() =>
        {
            // Listening (and counting releases) from the first attempt on, so that a release while an attempt is in
            // flight is not missed.
            var released = new ReleaseCount();
            var releases = _client.Subscribe(LockScripts.ReleaseChannel(Key(name)))
                .Select(_ => Unit.Default)
                .Do(_ => released.Increment())
                // Without the channel (a failed subscription) the waiter still retries every RetryDelay.
                .Catch(Observable.Never<Unit>())
                .Publish();
            return Observable.Using(releases.Connect, _ => AttemptUntil(name, scheduler.Now + timeout, timeout, releases, released));
        });
    }

    /// <summary>Acquires the lock <paramref name="name"/> within <paramref name="timeout"/> (see <see cref="Acquire"/>).</summary>
    /// <exception cref="TimeoutException">Another holder kept it for the whole timeout.</exception>
    public Task<RedisLockLease> AcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Acquire(name, timeout).ToTask(cancellationToken);

    /// <summary>One attempt: the lease, or null when another holder has the lock.</summary>
    public Task<RedisLockLease?> TryAcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return AttemptOnce(name).ToTask(cancellationToken);
    }

    private string Key(string name) => _options.KeyPrefix + "{" + name + "}";

    private IObservable<RedisLockLease> AttemptUntil(
        string name, DateTimeOffset deadline, TimeSpan timeout, IObservable<Unit> releases, ReleaseCount released)
    {
        var scheduler = _client.Options.Scheduler;
        var releasesBefore = released.Value;
        return AttemptOnce(name).SelectMany(lease =>
        {
            if (lease is not null)
            {
                return Observable.Return(lease);
            }
            var left = deadline - scheduler.Now;
            if (left <= TimeSpan.Zero)
            {
                return Observable.Throw<RedisLockLease>(new TimeoutException(
                    $"The lock '{name}' was held by another owner for the whole timeout of {timeout.TotalMilliseconds:0} ms."));
            }
            var wait = left < _options.RetryDelay ? left : _options.RetryDelay;
            // Subscribed to the releases before checking the count, so none can slip between the two.
            var releaseSinceAttempt = releases.Merge(Observable.Defer(() =>
                released.Value != releasesBefore ? Observable.Return(Unit.Default) : Observable.Never<Unit>()));
            return Observable.Timer(wait, scheduler).Select(_ => Unit.Default).Amb(releaseSinceAttempt).Take(1)
                .SelectMany(_ => AttemptUntil(name, deadline, timeout, releases, released));
        });
    }

    private IObservable<RedisLockLease?> AttemptOnce(string name) => Observable.Create<RedisLockLease?>(async (observer, cancellationToken) =>
    {
        var key = Key(name);
        var owner = Guid.NewGuid().ToString("N");
        var sentAt = _client.Options.Scheduler.Now;
        var reply = await _client.Eval(
            LockScripts.Acquire,
            [key, key + ":fence"],
            [owner, Milliseconds(_options.LeaseTime)]).ToTask(CancellationToken.None).ConfigureAwait(false);
        if (reply.IsNull)
        {
            observer.OnNext(null);
            observer.OnCompleted();
            return;
        }
        var lease = new RedisLockLease(_client, _options, name, key, owner, reply.AsInt64(), sentAt);
        if (cancellationToken.IsCancellationRequested)
        {
            // Nobody will see this lease; keep it from blocking others for a whole lease time.
            await lease.ReleaseAsync().ConfigureAwait(false);
            return;
        }
        observer.OnNext(lease);
        observer.OnCompleted();
    });

    internal static string Milliseconds(TimeSpan span) =>
        Math.Max(1, (long)Math.Ceiling(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>How many releases a waiting acquire has heard of.</summary>
    private sealed class ReleaseCount
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
