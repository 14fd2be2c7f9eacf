using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace RxRedis;

/// <summary>
/// The awaiter of a <see cref="RedisObservable{T}"/>: it is itself the observer of the command, so an
/// <c>await</c> allocates this object and nothing else on top of the command's own subscription. The
/// continuation runs where the reply is delivered (the thread pool, never the connection's reader), or is posted
/// to the <see cref="SynchronizationContext"/> captured when awaiting, as with Rx's awaiter.
/// </summary>
/// <typeparam name="T">The type of the decoded reply.</typeparam>
public sealed class RedisAwaiter<T> : ICriticalNotifyCompletion, IObserver<T>
{
    // The continuation slot: null while waiting, then the continuation, then Done once the command has ended.
    private static readonly Action Done = static () => { };
    private Action? _continuation;
    private T? _value;
    private bool _hasValue;
    private Exception? _error;

    internal RedisAwaiter()
    {
    }

    /// <summary>True once the command has ended with a reply or an error.</summary>
    public bool IsCompleted => ReferenceEquals(Volatile.Read(ref _continuation), Done);

    /// <summary>
    /// The reply; blocks until it arrives when called before <see cref="IsCompleted"/>. Rethrows the command's
    /// error unwrapped, with its original stack trace.
    /// </summary>
    /// <exception cref="InvalidOperationException">The observable completed without a value (possible only through a process hook).</exception>
    public T GetResult()
    {
        if (!IsCompleted)
        {
            var reply = new ManualResetEventSlim(); // no wait handle is ever created, so there is nothing to dispose
            if (Interlocked.CompareExchange(ref _continuation, reply.Set, null) is null)
            {
                reply.Wait();
            }
        }
        if (_error is not null)
        {
            ExceptionDispatchInfo.Throw(_error);
        }
        return _hasValue ? _value! : throw new InvalidOperationException("Sequence contains no elements.");
    }

    /// <summary>Schedules <paramref name="continuation"/> for when the command ends, flowing the execution context.</summary>
    public void OnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (ExecutionContext.Capture() is { } context)
        {
            var inner = continuation;
            continuation = () => ExecutionContext.Run(context, static state => ((Action)state!)(), inner);
        }
        UnsafeOnCompleted(continuation);
    }

    /// <summary>Schedules <paramref name="continuation"/> for when the command ends (the caller flows the execution context).</summary>
    public void UnsafeOnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (SynchronizationContext.Current is { } context && context.GetType() != typeof(SynchronizationContext))
        {
            var inner = continuation;
            continuation = () => context.Post(static state => ((Action)state!)(), inner);
        }
        if (Interlocked.CompareExchange(ref _continuation, continuation, null) is not null)
        {
            // Ended meanwhile: still never run it inline on the awaiting thread's stack.
            ThreadPool.UnsafeQueueUserWorkItem(static action => action(), continuation, preferLocal: true);
        }
    }

    /// <summary>Subscribes this awaiter to <paramref name="command"/>; a synchronous failure becomes the result.</summary>
    internal void Start(IObservable<T> command)
    {
        try
        {
            command.Subscribe(this);
        }
        catch (Exception error)
        {
            ((IObserver<T>)this).OnError(error);
        }
    }

    void IObserver<T>.OnNext(T value)
    {
        _value = value;
        _hasValue = true;
    }

    void IObserver<T>.OnError(Exception error)
    {
        _error = error;
        Finish();
    }

    void IObserver<T>.OnCompleted() => Finish();

    private void Finish()
    {
        var continuation = Interlocked.Exchange(ref _continuation, Done);
        if (continuation is not null && !ReferenceEquals(continuation, Done))
        {
            continuation();
        }
    }
}
