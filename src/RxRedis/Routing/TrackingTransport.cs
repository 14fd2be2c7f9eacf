using System.Reactive;
using System.Reactive.Linq;
using RxRedis.Transport;

namespace RxRedis.Routing;

/// <summary>
/// Wraps the client's transport for one dedicated connection and remembers the socket it opened, so the pool can
/// cut it at once. A connection blocked in <c>BLPOP</c> for a subscriber that left must go now: while it lives, the
/// server would still hand it the next pushed element, which nobody would receive. It passes on the inner
/// transport's <see cref="IMovingTargetTransport.TargetMoved"/>, so a dedicated connection asleep in reconnect
/// backoff after a Sentinel switch dials the new primary at once, as the shared one does (issue 13).
/// </summary>
internal sealed class TrackingTransport(IRedisTransport inner) : IMovingTargetTransport
{
    private IRedisDuplexPipe? _pipe;

    public IObservable<Unit> TargetMoved { get; } = (inner as IMovingTargetTransport)?.TargetMoved ?? Observable.Never<Unit>();

    public async ValueTask<IRedisDuplexPipe> ConnectAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        var pipe = await inner.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _pipe, pipe);
        return pipe;
    }

    /// <summary>Tears the current socket down without waiting for replies.</summary>
    public void Kill() => Volatile.Read(ref _pipe)?.Dispose();
}
