using System.Runtime.CompilerServices;
using RxRedis.Commands;

namespace RxRedis;

/// <summary>
/// The awaiter of a <see cref="RedisObservable{T}"/>, returned by <see cref="RedisObservable{T}.GetAwaiter"/>. It
/// wraps the command's own queue entry, so an <c>await</c> allocates nothing beyond the command's subscription.
/// The continuation runs where the reply is delivered (the thread pool, never the connection's reader), or is
/// posted to the <see cref="SynchronizationContext"/> captured when awaiting, as with Rx's awaiter.
/// </summary>
/// <typeparam name="T">The type of the decoded reply.</typeparam>
public readonly struct RedisAwaiter<T> : ICriticalNotifyCompletion
{
    private readonly IAwaitedReply<T> _reply;

    internal RedisAwaiter(IAwaitedReply<T> reply) => _reply = reply;

    /// <summary>True once the command has ended with a reply or an error.</summary>
    public bool IsCompleted => _reply.IsCompleted;

    /// <summary>
    /// The reply; blocks until it arrives when called before <see cref="IsCompleted"/>. Rethrows the command's
    /// error unwrapped (for example <see cref="RedisServerException"/> or <see cref="RedisTimeoutException"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The observable completed without a value (possible only through a process hook).</exception>
    public T GetResult() => _reply.GetResult();

    /// <summary>Schedules <paramref name="continuation"/> for when the command ends, flowing the execution context.</summary>
    public void OnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (ExecutionContext.Capture() is { } context)
        {
            continuation = InContext(context, continuation);
        }
        UnsafeOnCompleted(continuation);
    }

    /// <summary>Schedules <paramref name="continuation"/> for when the command ends (the caller flows the execution context).</summary>
    public void UnsafeOnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (SynchronizationContext.Current is { } context && context.GetType() != typeof(SynchronizationContext))
        {
            continuation = PostedTo(context, continuation);
        }
        _reply.OnCompleted(continuation);
    }

    // The closures live in their own methods: captured in the awaiting method, their state would be allocated on
    // every await, with or without a context to capture.
    private static Action InContext(ExecutionContext context, Action continuation) =>
        () => ExecutionContext.Run(context, static state => ((Action)state!)(), continuation);

    private static Action PostedTo(SynchronizationContext context, Action continuation) =>
        () => context.Post(static state => ((Action)state!)(), continuation);
}
