namespace RxRedis;

/// <summary>
/// Redis Cluster settings of a <see cref="RedisOptions"/>. With <see cref="Enabled"/> the client reads the slot map
/// from the seed nodes, keeps one multiplexed connection per node, sends each command to the node that owns its
/// key's hash slot and follows <c>MOVED</c> and <c>ASK</c> redirects
/// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#redirection-and-resharding).
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>Whether the servers form a Redis Cluster. Default false (one server).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// More seed nodes to try, in order, after <see cref="RedisOptions.EndPoint"/> when reading the slot map; any
    /// one node that answers is enough.
    /// </summary>
    public IList<RedisEndPoint> SeedEndPoints { get; private set; } = [];

    /// <summary>
    /// Whether read-only commands may go to a replica of the slot's primary (after <c>READONLY</c>), spreading reads
    /// at the price of reading slightly stale data. Default false: every command goes to the primary.
    /// </summary>
    public bool ReadFromReplicas { get; set; }

    /// <summary>
    /// How many redirects (<c>MOVED</c>/<c>ASK</c>) one command may follow before it fails with the last one.
    /// Default 5: a key being migrated takes at most two (MOVED to the new owner, or ASK to the importing node).
    /// </summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// How often the slot map is read again even when nothing pointed at a change (a redirect or a lost node
    /// refreshes it at once). Default one minute; <see cref="Timeout.InfiniteTimeSpan"/> turns periodic refresh off.
    /// Timed on <see cref="RedisOptions.Scheduler"/>.
    /// </summary>
    public TimeSpan TopologyRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The least time between two refreshes triggered by redirects or lost nodes, so a burst of <c>MOVED</c> replies
    /// during resharding reads the slot map once. Default 100 ms.
    /// </summary>
    public TimeSpan MinRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long after its first failure a command keeps being retried (with <see cref="RedisOptions.RetryPolicy"/>'s
    /// backoff, past its <see cref="Resilience.RetryPolicy.MaxRetries"/>) while the errors are ones a changing cluster explains:
    /// <c>CLUSTERDOWN</c> while a failed primary's replica is being promoted, <c>TRYAGAIN</c> during a slot
    /// migration, or the slot's node being unreachable (each retry asks the refreshed slot map for the owner).
    /// A failover takes <c>cluster-node-timeout</c> plus an election, far longer than the default policy's ~60 ms of
    /// retries. Default 5 s, like <see cref="RedisOptions.CommandTimeout"/>; <see cref="TimeSpan.Zero"/> turns it
    /// off. Nothing is retried that the policy would not retry, and never with <see cref="Resilience.RetryPolicy.None"/>.
    /// </summary>
    public TimeSpan RetryWhileReconfiguring { get; set; } = TimeSpan.FromSeconds(5);

    internal ClusterOptions Clone()
    {
        var copy = (ClusterOptions)MemberwiseClone();
        copy.SeedEndPoints = [.. SeedEndPoints];
        return copy;
    }

    internal void Validate(RedisOptions owner)
    {
        if (!Enabled)
        {
            return;
        }
        if (SeedEndPoints.Any(e => e is null))
        {
            throw new ArgumentException("A cluster seed endpoint (ClusterOptions.SeedEndPoints) is null.");
        }
        if (owner.Database != 0)
        {
            throw new ArgumentException($"Redis Cluster has only database 0, but RedisOptions.Database is {owner.Database}.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRedirects);
        if (TopologyRefreshInterval != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TopologyRefreshInterval, TimeSpan.Zero);
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MinRefreshInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryWhileReconfiguring, TimeSpan.Zero);
    }
}
