using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;

namespace RxRedis.Diagnostics;

/// <summary>
/// The one way the client calls user code (issue 13): an observer's <c>OnNext</c>/<c>OnError</c>/<c>OnCompleted</c>
/// and hooks. What user code throws is caught here, never on a pool thread where it would end the process: it is
/// logged (<see cref="RedisLogEvents.CallbackFailed"/>) and published on <see cref="Errors"/>. A throwing
/// <c>OnNext</c> makes the caller end that subscription at once, without <c>OnError</c> (the Rx grammar: an observer
/// that threw is not called again, as dotnet/reactive's <c>SafeObserver</c> disposes the subscription); every other
/// subscriber and the connection carry on. One instance per client (its options' copy).
/// </summary>
#pragma warning disable CA1001 // the subject holds no resource; it lives as long as the client
internal sealed class CallbackGuard
{
    private readonly Subject<CallbackError> _errors = new();
    private readonly RedisOptions _options;

    public CallbackGuard(RedisOptions options) => _options = options;

    /// <summary>What user code threw, published on the thread pool (never on the connection's reader).</summary>
    public IObservable<CallbackError> Errors => _errors;

    /// <summary>Calls <c>OnNext</c>: true when it returned; false when it threw (reported), and the caller must end the subscription.</summary>
    public bool OnNext<T>(IObserver<T> observer, T value, string source)
    {
        try
        {
            observer.OnNext(value);
            return true;
        }
        catch (Exception e)
        {
            Report(CallbackKind.OnNext, source, e);
            return false;
        }
    }

    /// <summary>Calls <c>OnError</c>; what it throws is reported.</summary>
    public void OnError<T>(IObserver<T> observer, Exception error, string source)
    {
        try
        {
            observer.OnError(error);
        }
        catch (Exception e)
        {
            Report(CallbackKind.OnError, source, e);
        }
    }

    /// <summary>Calls <c>OnCompleted</c>; what it throws is reported.</summary>
    public void OnCompleted<T>(IObserver<T> observer, string source)
    {
        try
        {
            observer.OnCompleted();
        }
        catch (Exception e)
        {
            Report(CallbackKind.OnCompleted, source, e);
        }
    }

    /// <summary>Calls <c>OnNext</c> then, when it returned, <c>OnCompleted</c>: a command's single reply.</summary>
    public void Reply<T>(IObserver<T> observer, T value, string source)
    {
        if (OnNext(observer, value, source))
        {
            OnCompleted(observer, source);
        }
    }

    /// <summary>Runs a hook; what it throws is reported.</summary>
    public void Hook(Action hook, string source)
    {
        try
        {
            hook();
        }
        catch (Exception e)
        {
            Report(CallbackKind.Hook, source, e);
        }
    }

    /// <summary>
    /// <paramref name="source"/> with each subscriber guarded: one whose <c>OnNext</c> throws is unsubscribed and
    /// called no more, while the others keep receiving (for hot streams such as the connection state).
    /// </summary>
    public IObservable<T> PerSubscriber<T>(IObservable<T> source, string name) =>
        System.Reactive.Linq.Observable.Create<T>(observer =>
        {
            var guarded = new GuardedObserver<T>(this, observer, name);
            guarded.Attach(source.Subscribe(guarded));
            return guarded;
        });

    public void Report(CallbackKind kind, string source, Exception error)
    {
        var logger = _options.Hooks.OfType<RedisDiagnostics>().Select(d => d.Logger).FirstOrDefault(l => l is not null);
        if (logger is not null)
        {
            RedisLog.CallbackFailed(logger, kind, source, error.GetType().FullName ?? error.GetType().Name, error);
        }
        if (_errors.HasObservers)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Self.Publish(s.Report, s.Logger), (Self: this, Report: new CallbackError(kind, source, error), Logger: logger), preferLocal: false);
        }
    }

    private void Publish(CallbackError report, ILogger? logger)
    {
        lock (_errors) // serial calls to the app's observers
        {
            try
            {
                _errors.OnNext(report);
            }
            catch (Exception e) when (logger is not null)
            {
                // The app's own error observer threw: logged, never published again (that could loop).
                RedisLog.CallbackFailed(logger, CallbackKind.OnNext, nameof(RedisClient.CallbackErrors), e.GetType().FullName ?? e.GetType().Name, e);
            }
            catch (Exception)
            {
                // Nothing left to tell; the process must survive it.
            }
        }
    }

    private sealed class GuardedObserver<T>(CallbackGuard guard, IObserver<T> observer, string name) : IObserver<T>, IDisposable
    {
        private IDisposable? _upstream;
        private bool _stopped;

        public void Attach(IDisposable upstream)
        {
            if (Interlocked.CompareExchange(ref _upstream, upstream, null) is not null)
            {
                upstream.Dispose(); // stopped (or disposed) during Subscribe
            }
        }

        public void OnNext(T value)
        {
            if (!Volatile.Read(ref _stopped) && !guard.OnNext(observer, value, name))
            {
                Dispose();
            }
        }

        public void OnError(Exception error)
        {
            if (!Volatile.Read(ref _stopped))
            {
                Volatile.Write(ref _stopped, true);
                guard.OnError(observer, error, name);
            }
        }

        public void OnCompleted()
        {
            if (!Volatile.Read(ref _stopped))
            {
                Volatile.Write(ref _stopped, true);
                guard.OnCompleted(observer, name);
            }
        }

        public void Dispose()
        {
            Volatile.Write(ref _stopped, true);
            Interlocked.Exchange(ref _upstream, System.Reactive.Disposables.Disposable.Empty)?.Dispose();
        }
    }
}
#pragma warning restore CA1001
