namespace RxRedis.Connection;

/// <summary>
/// Blocks one dedicated thread (a connection's writer) until a value task completes, woken by whoever completes it:
/// the command channel's producer (it runs continuations synchronously), the pipe's flush, a resend release. Awaiting
/// instead would resume on the thread pool, which is the wait issue 17 removes. Reused for every wait of its thread.
/// </summary>
internal sealed class ThreadWaiter : IDisposable
{
    // A short spin catches the next command of a busy caller without a sleep and wake-up; more burns shared cores.
    private readonly ManualResetEventSlim _done = new(initialState: false, spinCount: 20);
    private readonly Action _set;

    public ThreadWaiter() => _set = _done.Set;

    public T Wait<T>(ValueTask<T> task)
    {
        if (!task.IsCompleted)
        {
            var awaiter = task.ConfigureAwait(false).GetAwaiter();
            _done.Reset();
            awaiter.UnsafeOnCompleted(_set);
            _done.Wait();
            return awaiter.GetResult();
        }
        return task.GetAwaiter().GetResult();
    }

    public void Dispose() => _done.Dispose();
}
