using System.Buffers;
using System.Reactive.Concurrency;
using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Routing;

/// <summary>
/// A blocking command as a cold observable. Each subscription leases a dedicated connection (in a cluster, from
/// the pool of the primary that owns the keys' slot then), sends the command on it, and gives the connection back
/// when the reply arrives. Its timeout is the block time plus a margin, so a
/// long block is not mistaken for a dead server; a block of zero (wait forever) has no timeout.
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
    /// </summary>
    private sealed class Operation(BlockingCommand<T> command, IObserver<T> observer) : PendingCommand, IDisposable, IThreadPoolWorkItem
    {
        private readonly DedicatedConnectionPool _pool = command._pools.PoolFor(command._slot);
        private readonly CancellationTokenSource _leaseWait = new();
        private IObserver<T>? _observer = observer;
        private DedicatedConnection? _lease;
        private IDisposable? _timer;
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

        public override void Write(IBufferWriter<byte> output) => command._info.Write(output, command._args);

        public override bool OnReply(in RespValue reply, int index)
        {
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
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
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
                target.OnError(error);
                return;
            }
            target.OnNext(_value!);
            target.OnCompleted();
        }
    }
}
