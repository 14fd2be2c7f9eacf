using System.Buffers;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Commands;

/// <summary>
/// A command as a cold observable: it holds the name, the arguments and the reply decoder, and sends nothing until
/// subscribed. Each subscription sends the command once, which is what lets <c>Retry</c> resend it. A subscription
/// runs the process hooks (if any) around the command, then the command itself, retried under the client's
/// policy only after a retryable failure, so the common case builds no operator chain.
/// </summary>
internal sealed class RedisCommand<T> : RedisObservable<T>
{
    private readonly RedisConnection _connection;
    private readonly RedisValue[] _args;
    private readonly TimeSpan? _timeout;
    private readonly TimeSpan _blockTime;
    private readonly Stage _stage;

    public RedisCommand(RedisConnection connection, CommandInfo info, Func<RespValue, T> decode, RedisValue[] args, TimeSpan blockTime = default)
    {
        _connection = connection;
        Info = info;
        Decode = decode;
        _args = args;
        _blockTime = blockTime;
    }

    private RedisCommand(RedisCommand<T> from, TimeSpan? timeout, Stage stage)
    {
        _connection = from._connection;
        Info = from.Info;
        Decode = from.Decode;
        _args = from._args;
        _blockTime = from._blockTime;
        _timeout = timeout;
        _stage = stage;
    }

    // Hooked: runs the process hooks around Retrying. Retrying: one attempt, then the retry chain on failure. Once: one attempt.
    private enum Stage
    {
        Hooked,
        Retrying,
        Once,
    }

    public CommandInfo Info { get; }

    public Func<RespValue, T> Decode { get; }

    public RedisOptions Options => _connection.Options;

    /// <summary>Whether a failed attempt of this subscription may start the retry chain.</summary>
    public bool Retries => _stage != Stage.Once;

    /// <summary>The same command with its own timeout instead of the client's default (plus the block time).</summary>
    public RedisCommand<T> WithTimeout(TimeSpan timeout) => new(this, timeout, _stage);

    /// <summary>The command with retries but without the process hooks (a pipeline runs its own hook instead).</summary>
    public RedisCommand<T> Unhooked() => new(this, _timeout, Stage.Retrying);

    /// <summary>A single attempt with no hooks and no retry: what each retry resubscribes to.</summary>
    public RedisCommand<T> Once() => new(this, _timeout, Stage.Once);

    /// <summary>
    /// This attempt's timeout: the per-call one or the default, plus the block time of a blocking command; null
    /// when the default applies (kept in the connection's shared deadline queue); infinite when there is none.
    /// </summary>
    public TimeSpan? OwnTimeout
    {
        get
        {
            if (_blockTime == Timeout.InfiniteTimeSpan)
            {
                return Timeout.InfiniteTimeSpan; // e.g. BLPOP key 0 waits for ever
            }
            if (_timeout is null && _blockTime == TimeSpan.Zero)
            {
                return _connection.Options.CommandTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : null;
            }
            var timeout = _timeout ?? _connection.Options.CommandTimeout;
            return timeout == Timeout.InfiniteTimeSpan ? timeout : timeout + _blockTime;
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
        subscription.Start(_connection);
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
        subscription.Start(_connection);
        return subscription;
    }

    private bool Hooked => _stage == Stage.Hooked && _connection.Hooks.Length != 0;

    // The process hooks, outermost first, around the command with retries.
    private IObservable<T> WithHooks()
    {
        IObservable<T> next = Unhooked();
        var hooks = _connection.Hooks;
        for (var i = hooks.Length - 1; i >= 0; i--)
        {
            next = hooks[i].Process(Info, next);
        }
        return next;
    }

    /// <summary>Encodes the command as a RESP array of bulk strings: the name, then each argument.</summary>
    public void WriteTo(IBufferWriter<byte> output) => Info.Write(output, _args);
}
