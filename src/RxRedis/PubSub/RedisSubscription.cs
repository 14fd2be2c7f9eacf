using System.Reactive;
using System.Reactive.Linq;

namespace RxRedis;

/// <summary>
/// A hot, reference-counted pub/sub stream for one channel, pattern or shard channel. The first subscriber makes
/// the client send <c>SUBSCRIBE</c> (or <c>PSUBSCRIBE</c>/<c>SSUBSCRIBE</c>); later subscribers share it; the last
/// disposal sends the matching <c>UNSUBSCRIBE</c>. Messages published before the server confirmed, or while the
/// connection was down, are not seen (at-most-once delivery); <see cref="Ready"/> says when messages will flow.
/// Each subscriber has its own bounded buffer (<see cref="SubscriberBufferOptions"/>) and is called on the thread
/// pool, never concurrently with itself.
/// </summary>
/// <typeparam name="T">The element type: <see cref="RedisMessage"/>, or a typed event such as <see cref="KeyEvent"/>.</typeparam>
public sealed class RedisSubscription<T> : IObservable<T>
{
    private readonly PubSub.SubscriptionHub _hub;
    private readonly Func<RedisMessage, T> _select;
    private readonly SubscriberBufferOptions _buffer;
    private readonly IObservable<Unit>? _precondition;
    private readonly Diagnostics.CallbackGuard _callbacks;
    private long _dropped;

    internal RedisSubscription(
        PubSub.SubscriptionHub hub, Diagnostics.CallbackGuard callbacks, SubscriptionKind kind, string name, Func<RedisMessage, T> select, SubscriberBufferOptions buffer, IObservable<Unit>? precondition = null)
    {
        _hub = hub;
        _callbacks = callbacks;
        Kind = kind;
        Name = name;
        _select = select;
        _buffer = buffer;
        _precondition = precondition;
    }

    /// <summary>Channel, pattern or shard channel.</summary>
    public SubscriptionKind Kind { get; }

    /// <summary>The channel name or pattern subscribed to.</summary>
    public string Name { get; }

    /// <summary>
    /// Emits each time the server confirms the subscription: after the first subscriber subscribes, and again after
    /// each reconnect restores it; at once if it is confirmed already. Watching it does not subscribe.
    /// </summary>
    public IObservable<Unit> Ready => _hub.WhenReady(Kind, Name);

    /// <summary>How many messages subscribers through this object lost to <see cref="OverflowPolicy.DropOldest"/>.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <inheritdoc />
    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (_precondition is null)
        {
            return Attach(observer);
        }
        // Keyspace streams check the server configuration first; a refusal reaches the observer as OnError.
        return _precondition.IgnoreElements().Select(_ => default(T)!)
            .Concat(Observable.Create<T>(Attach))
            .Subscribe(observer);
    }

    private IDisposable Attach(IObserver<T> observer)
    {
        var queue = new PubSub.SubscriberQueue<T>(observer, _callbacks, _select, _buffer, Kind.ToString(), Name, n => Interlocked.Add(ref _dropped, n));
        var registration = _hub.Add(Kind, Name, queue);
        queue.Detach = registration.Dispose;
        return new System.Reactive.Disposables.CompositeDisposable(queue, registration);
    }
}
