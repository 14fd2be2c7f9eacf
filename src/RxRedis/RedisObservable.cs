using RxRedis.Commands;

namespace RxRedis;

/// <summary>
/// What a <see cref="RedisClient"/> command method returns: a cold <see cref="IObservable{T}"/> that sends the
/// command once per subscription and yields one value (the decoded reply) or an error. Awaiting it takes a
/// cheaper path than Rx's general awaiter: the <see cref="RedisAwaiter{T}"/> waits on the command's own
/// subscription, with the process hooks and retries that <see cref="Subscribe"/> would apply.
/// </summary>
/// <typeparam name="T">The type of the decoded reply.</typeparam>
public abstract class RedisObservable<T> : IObservable<T>
{
    /// <summary>Only RxRedis derives commands.</summary>
    private protected RedisObservable()
    {
    }

    /// <summary>Sends the command (once per call) and delivers the reply to <paramref name="observer"/> on the thread pool.</summary>
    /// <param name="observer">Receives OnNext then OnCompleted, or OnError.</param>
    /// <returns>Disposing it before the reply arrives abandons the command: nothing is delivered.</returns>
    public abstract IDisposable Subscribe(IObserver<T> observer);

    /// <summary>
    /// Sends the command and returns an awaiter for its reply, so <c>await command</c> binds here rather than to
    /// Rx's extension. Errors are rethrown unwrapped (for example <see cref="RedisServerException"/> or
    /// <see cref="RedisTimeoutException"/>).
    /// </summary>
    public RedisAwaiter<T> GetAwaiter() => new(Await());

    /// <summary>Sends the command for an <c>await</c>: as <see cref="Subscribe"/>, with the awaited reply as the observer.</summary>
    private protected abstract IAwaitedReply<T> Await();
}
