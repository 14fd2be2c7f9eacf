namespace RxRedis.Resilience;

/// <summary>
/// Failures that a cluster in the middle of a change explains, and that end by themselves when it settles: the
/// cluster is down while a failed primary waits for its replica to be promoted (<c>CLUSTERDOWN</c>, for up to
/// <c>cluster-node-timeout</c> plus an election), a multi-key command meets a slot half migrated (<c>TRYAGAIN</c>),
/// or the node that owned the slot cannot be reached. A cluster command keeps retrying these, with the policy's
/// backoff, for <see cref="ClusterOptions.RetryWhileReconfiguring"/> rather than only
/// <see cref="RetryPolicy.MaxRetries"/> times (~60 ms with the default backoff), which a failover outlasts
/// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#replica-election-and-promotion).
/// Whether the error may be retried at all is still the policy's call.
/// </summary>
internal static class ClusterReconfiguration
{
    public static bool Explains(Exception error) => error switch
    {
        RedisServerException server => server.Prefix is "CLUSTERDOWN" or "TRYAGAIN",
        RedisConnectionException => true,
        _ => false,
    };
}
