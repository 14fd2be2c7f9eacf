using System.Diagnostics;
using System.Reactive.Disposables;

namespace RxRedis.Diagnostics;

/// <summary>
/// One observed subscription to a command or pipeline: it forwards every notification and, exactly once, tells
/// <see cref="RedisDiagnostics"/> how it ended (completed, failed, or disposed first), before the subscriber hears of
/// it, so whoever awaits the command finds its span and measurements already recorded.
/// </summary>
internal sealed class CommandObservation<T>(RedisDiagnostics owner, string operation, int batchSize, bool slowLogged, IObserver<T> observer)
    : IObserver<T>, IDisposable
{
    private readonly SingleAssignmentDisposable _upstream = new();
    private long _started;
    private Activity? _activity;
    private int _finished;

    public IDisposable Start(IObservable<T> inner)
    {
        _started = Stopwatch.GetTimestamp();
        var caller = Activity.Current;
        _activity = owner.Started(operation, batchSize);
        try
        {
            _upstream.Disposable = inner.Subscribe(this);
        }
        finally
        {
            // The span ends on another thread; the subscriber's own code after Subscribe stays in its own context.
            Activity.Current = caller;
        }
        return this;
    }

    public void OnNext(T value) => observer.OnNext(value);

    public void OnError(Exception error)
    {
        Finish(CommandResult.Error, error);
        observer.OnError(error);
    }

    public void OnCompleted()
    {
        Finish(CommandResult.Ok, null);
        observer.OnCompleted();
    }

    public void Dispose()
    {
        _upstream.Dispose();
        Finish(CommandResult.Cancelled, null);
    }

    private void Finish(CommandResult result, Exception? error)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            owner.Finished(operation, slowLogged, Stopwatch.GetElapsedTime(_started), _activity, result, error);
        }
    }
}
