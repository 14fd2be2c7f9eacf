namespace RxRedis;

/// <summary>Which family of pub/sub commands a subscription uses (https://redis.io/docs/latest/develop/interact/pubsub/).</summary>
public enum SubscriptionKind
{
    /// <summary><c>SUBSCRIBE channel</c>: messages published to exactly that channel.</summary>
    Channel,
    /// <summary><c>PSUBSCRIBE pattern</c>: messages published to any channel matching a glob-style pattern.</summary>
    Pattern,
    /// <summary><c>SSUBSCRIBE shardchannel</c>: messages sent with <c>SPUBLISH</c> (Redis 7+), scoped to the key's shard.</summary>
    Shard,
}
