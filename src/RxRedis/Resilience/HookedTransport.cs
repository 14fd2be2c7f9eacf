using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Transport;

namespace RxRedis.Resilience;

/// <summary>Runs every dial through the <see cref="IRedisHook.Dial"/> chain, the first hook outermost.</summary>
internal sealed class HookedTransport(IRedisTransport inner, IRedisHook[] hooks) : IRedisTransport
{
    public async ValueTask<IRedisDuplexPipe> ConnectAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        var dial = Observable.FromAsync(token => inner.ConnectAsync(endPoint, token).AsTask());
        for (var i = hooks.Length - 1; i >= 0; i--)
        {
            dial = hooks[i].Dial(endPoint, dial);
        }
        return await dial.FirstAsync().ToTask(cancellationToken).ConfigureAwait(false);
    }
}
