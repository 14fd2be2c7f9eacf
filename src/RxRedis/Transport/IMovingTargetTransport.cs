using System.Reactive;

namespace RxRedis.Transport;

/// <summary>
/// A transport whose target can move: with Sentinel, a new primary was announced. A connection waiting in reconnect
/// backoff listens to <see cref="TargetMoved"/> and dials at once when it fires, since it was backing off from a
/// server that is gone, not from one that is coming back (issue 13: 0.9–2.3 s asleep after <c>+switch-master</c>).
/// </summary>
internal interface IMovingTargetTransport : IRedisTransport
{
    /// <summary>Fires each time the node this transport dials changed.</summary>
    IObservable<Unit> TargetMoved { get; }
}
