using System.Buffers;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using RxRedis.Cluster;
using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Routing;

/// <summary>
/// A blocking command as a cold observable. Each subscription leases a dedicated connection (in a cluster, from
/// the pool of the primary that owns the keys' slot then), sends the command on it, and gives the connection back
/// when the reply arrives. Its timeout is the block time plus a margin, so a
/// long block is not mistaken for a dead server; a block of zero (wait forever) has no timeout. In a cluster a
/// <c>MOVED</c> reply (the slot moved before the command was sent, or while it was blocked: the server unblocks it
/// with <c>MOVED</c>) is followed on a connection leased from the new owner's pool, and <c>ASK</c> with
/// <c>ASKING</c> + the command on the importing node's, at most <see cref="ClusterOptions.MaxRedirects"/> in a row;
/// each redirected attempt blocks for the full block time again
/// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#redirection-and-resharding).
/// </summary>
internal sealed class BlockingCommand<T> : IObservable<T>
{
    private readonly IDedicatedRouter _pools;
    private readonly int _slot;
    private readonly CommandInfo _info;
    private readonly Func<RespValue, T> _decode;
    private readonly RedisValue[] _args;
    private readonly TimeSpan? _timeout;
    private readonly IScheduler _scheduler;
    private readonly RedisEndPoint? _redirectedTo;
    private readonly bool _asking;
    private readonly int _redirects;

    public BlockingCommand(IDedicatedRouter pools, int slot, CommandInfo info, Func<RespValue, T> decode, RedisValue[] args, TimeSpan? timeout, IScheduler scheduler)
    {
        _pools = pools;
        _slot = slot;
        _info = info;
        _decode = decode;
        _args = args;
        _timeout = timeout;
        _scheduler = scheduler;
    }

    private BlockingCommand(BlockingCommand<T> from, RedisEndPoint redirectedTo, bool asking, int redirects)
        : this(from._pools, from._slot, from._info, from._decode, from._args, from._timeout, from._scheduler)
    {
        _redirectedTo = redirectedTo;
        _asking = asking;
        _redirects = redirects;
    }

    // The next attempt goes where the reply said, not through the map (see RedisCommand.Redirected).
    private DedicatedConnectionPool Pool() =>
        _redirectedTo is { } target ? ((ClusterRouter)_pools).PoolAt(target) : _pools.PoolFor(_slot);

    /// <summary>The command again after a <c>MOVED</c>/<c>ASK</c> reply in a cluster, or null (not a redirect, or the budget is spent).</summary>
    private BlockingCommand<T>? Redirected(Exception error)
    {
        if (_pools is not ClusterRouter cluster || _redirects >= cluster.Options.Cluster.MaxRedirects || !Redirect.TryParse(error, out var redirect))
        {
            return null;
        }
        var endPoint = cluster.Resolve(redirect);
        cluster.OnRedirect(redirect, endPoint);
        return new(this, endPoint, redirect.IsAsk, _redirects + 1);
    }

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var operation = new Operation(this, observer);
        operation.Start();
        return operation;
    }

    /// <summary>
    /// One subscription: the dedicated connection's queue entry and the subscriber's disposable. Exactly one of
    /// reply, failure, timeout and dispose "finishes" it; that one decides the lease: a reply returns it to the
    /// pool, anything after the command was written closes it (its late reply would misroute the next user).
    /// After a redirect the observer belongs to the redirected command's subscription, which disposing this one ends.
    /// </summary>
    private sealed class Operation(BlockingCommand<T> command, IObserver<T> observer) : PendingCommand, IDisposable, IThreadPoolWorkItem
    {
        private readonly DedicatedConnectionPool _pool = command.Pool();
        private readonly CancellationTokenSource _leaseWait = new();
        private IObserver<T>? _observer = observer;
        private DedicatedConnection? _lease;
        private IDisposable? _timer;
        private IDisposable? _redirected;
        private int _finished;
        private T? _value;
        private Exception? _error;

        public override string Name => command._info.Name;

        public void Start() => _ = LeaseAndSendAsync();

        private async Task LeaseAndSendAsync()
        {
            DedicatedConnection lease;
            try
            {
                lease = await _pool.LeaseAsync(_leaseWait.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (Interlocked.Exchange(ref _finished, 1) == 0)
                {
                    Deliver(e is OperationCanceledException
                        ? new RedisConnectionException($"{Name} was not sent: the client is disposed.", CommandOutcome.NotSent, e)
                        : e);
                }
                return;
            }
            Volatile.Write(ref _lease, lease);
            if (Volatile.Read(ref _finished) != 0)
            {
                // Disposed while waiting for the lease: nothing was sent. Whoever takes _lease first gives it back.
                if (Interlocked.Exchange(ref _lease, null) is { } unused)
                {
                    _pool.Return(unused);
                }
                return;
            }
            if (command._timeout is { } timeout)
            {
                _timer = command._scheduler.Schedule(timeout, () => OnTimeout(timeout));
                if (Volatile.Read(ref _finished) != 0)
                {
                    _timer.Dispose(); // Dispose won the race before the timer existed to be disposed
                }
            }
            // Its own timer covers block time plus margin, so the client's default timeout does not apply.
            lease.Connection.Enqueue(this, defaultTimeout: false);
        }

        // After ASK: ASKING then the command, in one entry that takes both replies.
        public override int ReplyCount => command._asking ? 2 : 1;

        public override void Write(IBufferWriter<byte> output)
        {
            if (command._asking)
            {
                output.Write(Redirect.AskingFrame);
            }
            command._info.Write(output, command._args);
        }

        public override bool OnReply(in RespValue reply, int index)
        {
            if (index + 1 < ReplyCount)
            {
                return true; // ASKING's +OK; were it refused, the command's own reply says why
            }
            if (Interlocked.Exchange(ref _finished, 1) != 0)
            {
                return false;
            }
            _timer?.Dispose();
            if (Interlocked.Exchange(ref _lease, null) is { } lease)
            {
                _pool.Return(lease);
            }
            Deliver(ReplyDecoding.Decode(reply, command._decode, Name, out _value));
            return true;
        }

        public override void OnFailure(Exception error)
        {
            if (Interlocked.Exchange(ref _finished, 1) == 0)
            {
                _timer?.Dispose();
                Release(CommandOutcome.Unknown);
                Deliver(error);
            }
        }

        public override void OnTimeout(TimeSpan timeout)
        {
            if (Interlocked.Exchange(ref _finished, 1) == 0)
            {
                var outcome = Abandon();
                Release(outcome);
                Deliver(new RedisTimeoutException(Name, timeout, outcome));
            }
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _observer, null);
            if (Interlocked.Exchange(ref _finished, 1) == 0)
            {
                _timer?.Dispose();
                _leaseWait.Cancel();
                Release(Abandon());
            }
            Interlocked.Exchange(ref _redirected, Disposable.Empty)?.Dispose();
        }

        private void Release(CommandOutcome outcome)
        {
            if (Interlocked.Exchange(ref _lease, null) is not { } lease)
            {
                return; // still waiting for a lease; LeaseAndSendAsync returns it when it arrives
            }
            if (outcome == CommandOutcome.NotSent)
            {
                _pool.Return(lease);
            }
            else
            {
                _pool.Discard(lease);
            }
        }

        private void Deliver(Exception? error)
        {
            _error = error;
            DeliveryBatch.Post(this);
        }

        public void Execute()
        {
            _leaseWait.Dispose();
            var target = Interlocked.Exchange(ref _observer, null);
            if (target is null)
            {
                return;
            }
            if (_error is { } error)
            {
                if (command.Redirected(error) is { } redirected)
                {
                    // The reply came, so the lease went back clean; the redirected attempt leases its own.
                    var next = redirected.Subscribe(target);
                    if (Interlocked.CompareExchange(ref _redirected, next, null) is not null)
                    {
                        next.Dispose(); // disposed meanwhile
                    }
                    return;
                }
                _pool.Options.Callbacks.OnError(target, error, Name);
                return;
            }
            _pool.Options.Callbacks.Reply(target, _value!, Name);
        }
    }
}
