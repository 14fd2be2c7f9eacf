namespace RxRedis;

/// <summary>
/// Finds the server through Redis Sentinel instead of a fixed address: set <see cref="RedisOptions.Sentinel"/> (or
/// use a <c>redis-sentinel://</c> connection string) and the client asks the sentinels for the current primary of
/// <see cref="ServiceName"/> on every connect, checks the node with <c>ROLE</c>, and follows failovers announced
/// with <c>+switch-master</c>. <see cref="RedisOptions.EndPoint"/> is then not used; <see cref="RedisOptions.User"/>,
/// <see cref="RedisOptions.Password"/>, <see cref="RedisOptions.Database"/> and <see cref="RedisOptions.Tls"/> apply
/// to the Redis nodes (TLS to the sentinels too). See https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/
/// and https://redis.io/docs/latest/develop/reference/sentinel-clients/.
/// </summary>
public sealed class SentinelOptions
{
    /// <summary>The port sentinels listen on unless told otherwise.</summary>
    public const int DefaultPort = 26379;

    /// <summary>The service (master) name, as in <c>sentinel monitor &lt;name&gt; ...</c> of the sentinels' configuration.</summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// The sentinels to ask, tried in order; one that answers moves to the front, so later questions go to it first.
    /// List several: any one that is up is enough.
    /// </summary>
    public IList<RedisEndPoint> EndPoints { get; private set; } = [];

    /// <summary>The ACL user on the sentinels (not on the Redis nodes), or null for the <c>default</c> user.</summary>
    public string? User { get; set; }

    /// <summary>The sentinels' password (<c>requirepass</c> in sentinel.conf), or null when they need none. Never shown in text.</summary>
    public string? Password { get; set; }

    /// <summary>Connect to the primary (default) or to a replica for reads.</summary>
    public SentinelReadFrom ReadFrom { get; set; } = SentinelReadFrom.Primary;

    /// <summary>A copy with its own endpoint list, so a client's settings cannot change under it.</summary>
    public SentinelOptions Clone()
    {
        var copy = (SentinelOptions)MemberwiseClone();
        copy.EndPoints = [.. EndPoints];
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is missing or wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            throw new ArgumentException(
                "The sentinel service name is empty; set it to the name in the sentinels' 'sentinel monitor <name> ...' line.", nameof(ServiceName));
        }
        // Sentinels announce failovers as "<name> <old-ip> <old-port> <new-ip> <new-port>", so a name never holds a space.
        if (ServiceName.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"The sentinel service name '{ServiceName}' contains whitespace, which sentinel names cannot.", nameof(ServiceName));
        }
        if (EndPoints.Count == 0)
        {
            throw new ArgumentException($"No sentinel endpoints are listed; add at least one (port {DefaultPort} by default).", nameof(EndPoints));
        }
        if (EndPoints.Any(e => e is null))
        {
            throw new ArgumentException("A sentinel endpoint is null.", nameof(EndPoints));
        }
        if (User is not null && Password is null)
        {
            throw new ArgumentException("A sentinel user name needs a sentinel password.", nameof(Password));
        }
        if (!Enum.IsDefined(ReadFrom))
        {
            throw new ArgumentException($"ReadFrom is {(int)ReadFrom}, which is neither Primary nor Replica.", nameof(ReadFrom));
        }
    }
}
