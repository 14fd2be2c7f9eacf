namespace RxRedis.Commands;

/// <summary>
/// The continuation slot of an awaited command: empty while waiting, then the continuation (or the event a blocked
/// <c>GetResult</c> waits on), then a sentinel once the command has ended. Whichever of completion and registration
/// comes second runs the continuation.
/// </summary>
internal struct ReplyCompletion
{
    private static readonly Action Done = static () => { };
    private object? _state; // null, an Action (an await's continuation), a ManualResetEventSlim (a blocked waiter), Done

    public readonly bool IsCompleted => ReferenceEquals(Volatile.Read(in _state), Done);

    public void OnCompleted(Action continuation)
    {
        if (Interlocked.CompareExchange(ref _state, continuation, null) is not null)
        {
            // Ended meanwhile: still never run it inline on the awaiting thread's stack.
            ThreadPool.UnsafeQueueUserWorkItem(static action => action(), continuation, preferLocal: true);
        }
    }

    /// <summary>Marks the command ended and runs the continuation, if one was registered, on this thread.</summary>
    public void Complete() => End()?.Invoke();

    /// <summary>
    /// Marks the command ended and releases a blocked waiter on this thread (the reader's: waking a thread runs no user
    /// code); returns the await's continuation, if one was registered, for the caller to run off this thread.
    /// </summary>
    public Action? End()
    {
        var state = Interlocked.Exchange(ref _state, Done);
        if (state is ManualResetEventSlim waiter)
        {
            waiter.Set();
            return null;
        }
        return state is Action continuation && !ReferenceEquals(continuation, Done) ? continuation : null;
    }

    /// <summary>Blocks until the command ends (for <c>GetAwaiter().GetResult()</c> called before the reply).</summary>
    public void Wait()
    {
        if (IsCompleted)
        {
            return;
        }
        var ended = new ManualResetEventSlim(); // no wait handle is ever created, so there is nothing to dispose
        if (Interlocked.CompareExchange(ref _state, ended, null) is null)
        {
            ended.Wait();
        }
    }
}
