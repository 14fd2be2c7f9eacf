namespace RxRedis.Commands;

/// <summary>
/// The continuation slot of an awaited command: empty while waiting, then the continuation, then a sentinel once
/// the command has ended. Whichever of completion and registration comes second runs the continuation.
/// </summary>
internal struct ReplyCompletion
{
    private static readonly Action Done = static () => { };
    private Action? _continuation;

    public readonly bool IsCompleted => ReferenceEquals(Volatile.Read(in _continuation), Done);

    public void OnCompleted(Action continuation)
    {
        if (Interlocked.CompareExchange(ref _continuation, continuation, null) is not null)
        {
            // Ended meanwhile: still never run it inline on the awaiting thread's stack.
            ThreadPool.UnsafeQueueUserWorkItem(static action => action(), continuation, preferLocal: true);
        }
    }

    /// <summary>Marks the command ended and runs the continuation, if one was registered, on this thread.</summary>
    public void Complete()
    {
        var continuation = Interlocked.Exchange(ref _continuation, Done);
        if (continuation is not null && !ReferenceEquals(continuation, Done))
        {
            continuation();
        }
    }

    /// <summary>Blocks until <see cref="Complete"/> (for <c>GetAwaiter().GetResult()</c> called before the reply).</summary>
    public void Wait()
    {
        if (IsCompleted)
        {
            return;
        }
        var ended = new ManualResetEventSlim(); // no wait handle is ever created, so there is nothing to dispose
        if (Interlocked.CompareExchange(ref _continuation, ended.Set, null) is null)
        {
            ended.Wait();
        }
    }
}
