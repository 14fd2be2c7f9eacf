using System.Buffers;
using System.Collections.Concurrent;
using RxRedis.Cluster;
using RxRedis.Connection;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Routing;

namespace RxRedis.Commands;

/// <summary>
/// A command as a cold observable: it holds the name, the arguments and the reply decoder, and sends nothing until
/// subscribed. Each subscription sends the command once, which is what lets <c>Retry</c> resend it. A subscription
/// runs the process hooks (if any) around the command, then the command itself, retried under the client's
/// policy only after a retryable failure, so the common case builds no operator chain. In a cluster each attempt
/// asks the router for the node that owns the command's slot, and a <c>MOVED</c> or <c>ASK</c> reply is followed
/// by a redirected copy of the command (at most <see cref="ClusterOptions.MaxRedirects"/> in a row).
/// </summary>
internal sealed class RedisCommand<T> : RedisObservable<T>
{
    private static readonly Variation Plain = new(null, TimeSpan.Zero, 0, null, false);
    private readonly ICommandRouter _router;
    private readonly RedisValue[] _args;
    private readonly Variation? _variation; // null for the common case, so a plain command stays small
    private readonly int _slot;
    private readonly Stage _stage;

    public RedisCommand(ICommandRouter router, CommandInfo info, Func<RespValue, T> decode, RedisValue[] args, TimeSpan blockTime = default, int slot = CommandSlot.None)
    {
        _router = router;
        _slot = slot;
        Info = info;
        Flags = CallShape.Flags(info, args);
        Decode = decode;
        _args = args;
        _variation = blockTime == TimeSpan.Zero ? null : Plain with { BlockTime = blockTime };
    }

    private RedisCommand(RedisCommand<T> from, Variation? variation, Stage stage)
    {
        _router = from._router;
        _slot = from._slot;
        Info = from.Info;
        Flags = from.Flags;
        Decode = from.Decode;
        _args = from._args;
        _variation = variation;
        _stage = stage;
    }

    // Hooked: runs the process hooks around Retrying. Retrying: one attempt, then the retry chain on failure. Once: one attempt.
    private enum Stage : byte
    {
        Hooked,
        Retrying,
        Once,
    }

    // What sets this command apart from a plain one: a per-call timeout, a blocking command's block time, or a redirect.
    private sealed record Variation(TimeSpan? Timeout, TimeSpan BlockTime, int Redirects, RedisEndPoint? RedirectedTo, bool Asking);

    private TimeSpan? OwnCallTimeout => _variation?.Timeout;

    private TimeSpan BlockTime => _variation?.BlockTime ?? TimeSpan.Zero;

    /// <summary>Where the redirect this attempt follows pointed, if any.</summary>
    public RedisEndPoint? RedirectedTo => _variation?.RedirectedTo;

    public CommandInfo Info { get; }

    /// <summary>This call's flags: the command's, less idempotence when its arguments make a repeat unsafe (<c>SET ... NX</c>).</summary>
    public CommandFlags Flags { get; }

    /// <summary>Where the command goes: one server's connection, or the cluster router.</summary>
    public ICommandRouter Router => _router;

    /// <summary>The hash slot of the command's keys (<see cref="CommandSlot.None"/> without keys, or on one server).</summary>
    public int Slot => _slot;

    public Func<RespValue, T> Decode { get; }

    public RedisOptions Options => _router.Options;

    /// <summary>The node an <c>ASK</c> named for this attempt: it is sent there after <c>ASKING</c>.</summary>
    public RedisEndPoint? AskAt => _variation is { Asking: true } v ? v.RedirectedTo : null;

    /// <summary>Whether a failed attempt of this subscription may start the retry chain.</summary>
    public bool Retries => _stage != Stage.Once;

    /// <summary>The same command with its own timeout instead of the client's default (plus the block time).</summary>
    public RedisCommand<T> WithTimeout(TimeSpan timeout) => new(this, (_variation ?? Plain) with { Timeout = timeout }, _stage);

    /// <summary>The command with retries but without the process hooks (a pipeline runs its own hook instead).</summary>
    public RedisCommand<T> Unhooked() => new(this, _variation, Stage.Retrying);

    /// <summary>
    /// A single attempt with no hooks and no retry: what each retry resubscribes to. It is routed by the slot map,
    /// not to a redirect's target: by the time a retry runs, that node may be the one that failed (the map knows its
    /// successor); the redirect count carries on, so redirects stay bounded across retries.
    /// </summary>
    public RedisCommand<T> Once() => new(this, _variation is null ? null : _variation with { RedirectedTo = null, Asking = false }, Stage.Once);

    /// <summary>True in a cluster while the redirect budget (<see cref="ClusterOptions.MaxRedirects"/> in a row) is not spent.</summary>
    public bool MayRedirect => _router is ClusterRouter && (_variation?.Redirects ?? 0) < Options.Cluster.MaxRedirects;

    /// <summary>
    /// The command again after a <c>MOVED</c> or <c>ASK</c> reply read from <paramref name="source"/> (only when
    /// <see cref="MayRedirect"/>). <c>MOVED</c> also updates the slot map, holding the slot's newer commands until
    /// the old owner answered the older ones (<see cref="ClusterRouter.OnRedirect"/>); <c>ASK</c> does not (the slot
    /// is only being migrated).
    /// </summary>
    public RedisCommand<T> Redirected(Redirect redirect, RedisConnection? source)
    {
        var cluster = (ClusterRouter)_router;
        var endPoint = cluster.Resolve(redirect);
        cluster.OnRedirect(redirect, endPoint, source);
        // The next attempt goes where the reply said, not through the map: a refresh read from a node that has not
        // yet heard of the move may have put the old owner back meanwhile.
        var variation = (_variation ?? Plain) with { Redirects = (_variation?.Redirects ?? 0) + 1, RedirectedTo = endPoint, Asking = redirect.IsAsk };
        return new(this, variation, _stage == Stage.Hooked ? Stage.Retrying : _stage);
    }

    /// <summary>
    /// In a cluster, the end of the window in which errors a changing cluster explains keep being retried (the
    /// first failure plus <see cref="ClusterOptions.RetryWhileReconfiguring"/>); null for one server or when off.
    /// </summary>
    public DateTimeOffset? ReconfigurationRetryEnd()
    {
        if (_router is not ClusterRouter { Options.Cluster.RetryWhileReconfiguring: var window } || window <= TimeSpan.Zero)
        {
            return null;
        }
        return Options.Scheduler.Now + window;
    }

    /// <summary>An attempt failed: in a cluster, errors that a changed topology explains make the router read the slot map again.</summary>
    public void OnAttemptFailed(Exception error)
    {
        if (_router is ClusterRouter cluster && ClusterReconfiguration.Explains(error))
        {
            cluster.RequestRefresh();
        }
    }

    /// <summary>
    /// This attempt's timeout: the per-call one or the default, plus the block time of a blocking command; null
    /// when the default applies (kept in the connection's shared deadline queue); infinite when there is none.
    /// </summary>
    public TimeSpan? OwnTimeout
    {
        get
        {
            var blockTime = BlockTime;
            if (blockTime == Timeout.InfiniteTimeSpan)
            {
                return Timeout.InfiniteTimeSpan; // e.g. BLPOP key 0 waits for ever
            }
            if (OwnCallTimeout is null && blockTime == TimeSpan.Zero)
            {
                return _router.Options.CommandTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : null;
            }
            var timeout = OwnCallTimeout ?? _router.Options.CommandTimeout;
            return timeout == Timeout.InfiniteTimeSpan ? timeout : timeout + blockTime;
        }
    }

    public override IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (Hooked)
        {
            return WithHooks().Subscribe(observer);
        }
        var subscription = new CommandSubscription<T>(this, observer);
        Send(subscription);
        return subscription;
    }

    /// <summary>
    /// Subscribes the attempt that follows a redirect (see <see cref="Redirected"/>, never hooked): it keeps the issue
    /// number <paramref name="issued"/> of the attempt it continues, and that attempt's retry notices not yet made.
    /// </summary>
    public IDisposable Continue(IObserver<T> observer, long issued, ConcurrentQueue<Action>? retryNotices)
    {
        var subscription = new CommandSubscription<T>(this, observer, issued, retryNotices);
        Send(subscription);
        return subscription;
    }

    private protected override IAwaitedReply<T> Await()
    {
        if (Hooked)
        {
            var observer = new AwaitObserver<T>();
            try
            {
                WithHooks().Subscribe(observer);
            }
            catch (Exception error)
            {
                observer.OnError(error); // a hook that throws fails the await, as Rx's awaiter does
            }
            return observer;
        }
        var subscription = new CommandSubscription<T>(this);
        Send(subscription);
        return subscription;
    }

    // In a cluster the owner is read and the command queued inside the slot's route fence, so a slot barrier sent on
    // an old owner goes behind every command that read it (see SlotRouteFence).
    private void Send(CommandSubscription<T> subscription)
    {
        if (_router is not ClusterRouter cluster)
        {
            subscription.Start(Connection());
            return;
        }
        var entered = cluster.Fence.Enter(_slot);
        try
        {
            subscription.Start(Connection());
        }
        finally
        {
            cluster.Fence.Exit(entered);
        }
    }

    // Asked on every attempt: after a MOVED or a failover the slot's owner may have changed.
    private RedisConnection Connection() => _router switch
    {
        RedisConnection one => one,
        ClusterRouter cluster when RedirectedTo is { } target => cluster.Node(target),
        var router => router.Route(_slot, Info.Flags),
    };

    private bool Hooked => _stage == Stage.Hooked && _router.Hooks.Length != 0;

    // The process hooks, outermost first, around the command with retries.
    private IObservable<T> WithHooks()
    {
        return CommandHooks.Process(_router.Hooks, Info, Unhooked());
    }

    /// <summary>Encodes the command as a RESP array of bulk strings: the name, then each argument.</summary>
    public void WriteTo(IBufferWriter<byte> output) => Info.Write(output, _args);
}
