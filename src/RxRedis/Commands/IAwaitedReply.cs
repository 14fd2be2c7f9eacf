namespace RxRedis.Commands;

/// <summary>
/// What a <see cref="RedisAwaiter{T}"/> waits on: the command's own queue entry when it runs without process
/// hooks (so an <c>await</c> costs no object of its own), or an <see cref="AwaitObserver{T}"/> behind the hooks.
/// </summary>
internal interface IAwaitedReply<out T>
{
    /// <summary>True once the command has ended with a reply or an error.</summary>
    bool IsCompleted { get; }

    /// <summary>The reply, or the command's error rethrown unwrapped; blocks until the command ends.</summary>
    T GetResult();

    /// <summary>Runs <paramref name="continuation"/> when the command ends, where the reply is delivered (never inline on the awaiting thread).</summary>
    void OnCompleted(Action continuation);
}
