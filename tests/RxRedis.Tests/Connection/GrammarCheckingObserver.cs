namespace RxRedis.Tests.Connection;

/// <summary>
/// Records what an observer receives and flags any breach of the Rx grammar
/// <c>OnNext* (OnError | OnCompleted)?</c>: a call after a terminal one, or two calls at once.
/// </summary>
internal sealed class GrammarCheckingObserver<T> : IObserver<T>
{
    private int _busy;
    private int _terminals;

    public List<T> Values { get; } = [];

    public Exception? Error { get; private set; }

    public bool Completed { get; private set; }

    public string? Violation { get; private set; }

    public bool IsTerminated => Volatile.Read(ref _terminals) > 0;

    public void OnNext(T value) => Guard(() =>
    {
        if (_terminals > 0)
        {
            Violation ??= "OnNext after a terminal call";
        }
        Values.Add(value);
    });

    public void OnError(Exception error) => Guard(() =>
    {
        if (Interlocked.Increment(ref _terminals) > 1)
        {
            Violation ??= "a second terminal call (OnError)";
        }
        Error = error;
    });

    public void OnCompleted() => Guard(() =>
    {
        if (Interlocked.Increment(ref _terminals) > 1)
        {
            Violation ??= "a second terminal call (OnCompleted)";
        }
        Completed = true;
    });

    private void Guard(Action action)
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1)
        {
            Violation ??= "concurrent calls to one observer";
        }
        action();
        Volatile.Write(ref _busy, 0);
    }
}
