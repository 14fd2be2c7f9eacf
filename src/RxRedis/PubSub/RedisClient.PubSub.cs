using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Protocol;
using RxRedis.PubSub;

namespace RxRedis;

// Pub/sub: https://redis.io/docs/latest/develop/interact/pubsub/
public sealed partial class RedisClient
{
    private readonly Lock _pubSubGate = new();
    private SubscriptionHub? _pubSub;

    /// <summary>
    /// <c>SUBSCRIBE channel</c> as a hot, reference-counted stream of the messages published to
    /// <paramref name="channel"/>. See <see cref="RedisSubscription{T}"/> for sharing, readiness and delivery.
    /// </summary>
    /// <param name="channel">The exact channel name.</param>
    /// <param name="buffer">Each subscriber's buffer size and overflow policy; default <see cref="SubscriberBufferOptions.Default"/>.</param>
    [RedisCommand("SUBSCRIBE")]
    public RedisSubscription<RedisMessage> Subscribe(string channel, SubscriberBufferOptions? buffer = null) =>
        Subscription(SubscriptionKind.Channel, channel, buffer, nameof(channel));

    /// <summary><c>PSUBSCRIBE pattern</c>: messages to every channel matching the glob-style <paramref name="pattern"/>.</summary>
    /// <param name="pattern">A glob-style pattern such as <c>news.*</c>.</param>
    /// <param name="buffer">Each subscriber's buffer size and overflow policy.</param>
    [RedisCommand("PSUBSCRIBE")]
    public RedisSubscription<RedisMessage> PatternSubscribe(string pattern, SubscriberBufferOptions? buffer = null) =>
        Subscription(SubscriptionKind.Pattern, pattern, buffer, nameof(pattern));

    /// <summary><c>SSUBSCRIBE shardchannel</c> (Redis 7+): messages sent with <see cref="ShardPublish"/>.</summary>
    /// <param name="channel">The shard channel name.</param>
    /// <param name="buffer">Each subscriber's buffer size and overflow policy.</param>
    [RedisCommand("SSUBSCRIBE")]
    public RedisSubscription<RedisMessage> ShardSubscribe(string channel, SubscriberBufferOptions? buffer = null) =>
        Subscription(SubscriptionKind.Shard, channel, buffer, nameof(channel));

    /// <summary><c>PUBLISH channel message</c>: how many subscribers (on this server) received it.</summary>
    [RedisCommand("PUBLISH")]
    public RedisObservable<long> Publish(string channel, RedisValue message)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        return Command(CommandTable.Publish, ReplyDecoders.Int64, channel, Arguments.Value(message, nameof(message)));
    }

    /// <summary><c>SPUBLISH shardchannel message</c> (Redis 7+): how many shard subscribers received it.</summary>
    [RedisCommand("SPUBLISH")]
    public RedisObservable<long> ShardPublish(string channel, RedisValue message)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        return Command(CommandTable.SPublish, ReplyDecoders.Int64, channel, Arguments.Value(message, nameof(message)));
    }

    private RedisSubscription<RedisMessage> Subscription(SubscriptionKind kind, string name, SubscriberBufferOptions? buffer, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameter);
        buffer ??= SubscriberBufferOptions.Default;
        buffer.Validate();
        return new RedisSubscription<RedisMessage>(Hub, Options.Callbacks, kind, name, static m => m, buffer);
    }

    internal SubscriptionHub Hub
    {
        get
        {
            lock (_pubSubGate)
            {
                // RESP3 carries pushes on the shared connection (in a cluster, on each node's); a RESP2 connection in
                // subscribe mode can run nothing else, so it gets one of its own.
                return _pubSub ??= (_connection.Protocol, _cluster) switch
                {
                    (RedisProtocol.Resp3, { } cluster) => new SubscriptionHub(cluster) { Hooks = _router.Hooks },
                    (RedisProtocol.Resp3, null) => new SubscriptionHub(_connection) { Hooks = _router.Hooks },
                    _ => new SubscriptionHub(ct => RedisConnection.ConnectAsync(Options, _transport, ct)) { Hooks = _router.Hooks },
                };
            }
        }
    }

    /// <summary>The push handler of the shared connection (or of every cluster node): pub/sub frames first, then tracking invalidations.</summary>
    private void RoutePush(RespValue frame, RedisConnection from)
    {
        if (_pubSub?.OnPush(frame, from) != true)
        {
            _cache?.OnPush(frame);
        }
    }

    private async ValueTask DisposeExtensionsAsync()
    {
        SubscriptionHub? hub;
        lock (_pubSubGate)
        {
            hub = _pubSub;
        }
        if (hub is not null)
        {
            await hub.DisposeAsync().ConfigureAwait(false);
        }
        _cache?.Dispose();
    }
}
