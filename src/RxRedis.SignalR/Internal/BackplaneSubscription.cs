using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace RxRedis.SignalR.Internal;

/// <summary>
/// One channel the backplane listens to, over <see cref="RedisClient.Subscribe"/>: the client restores it after a
/// reconnect by itself. A payload that cannot be handled is logged and dropped; the subscription carries on.
/// </summary>
internal sealed class BackplaneSubscription : IDisposable
{
    private readonly IDisposable _subscription;

    public BackplaneSubscription(RedisClient client, string channel, Action<byte[]> handle, ILogger logger)
    {
        var subscription = client.Subscribe(channel);
        _subscription = subscription.Subscribe(
            message =>
            {
                try
                {
                    handle(message.Payload.ToArray() ?? []);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    BackplaneLog.MessageFailed(logger, channel, ex);
                }
            },
            error => BackplaneLog.SubscriptionEnded(logger, channel, error));
        Ready = subscription.Ready.FirstAsync().ToTask();
    }

    /// <summary>Completes when the server first confirmed the subscription.</summary>
    public Task Ready { get; }

    public void Dispose() => _subscription.Dispose();
}
