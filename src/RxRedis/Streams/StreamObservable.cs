namespace RxRedis.Streams;

/// <summary>
/// A cold observable whose every subscription starts its own loop. It hands the caller's observer to the loop as it
/// is (no auto-detaching wrapper), so an exception thrown by <c>OnNext</c> still reaches that observer's <c>OnError</c>.
/// </summary>
internal sealed class StreamObservable<T>(Func<IObserver<T>, StreamLoop<T>> create) : IObservable<T>
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var loop = create(observer);
        loop.Start();
        return loop;
    }
}
