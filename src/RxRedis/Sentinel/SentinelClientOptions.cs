namespace RxRedis.Sentinel;

/// <summary>The settings for talking to a sentinel, derived from the client's.</summary>
internal static class SentinelClientOptions
{
    /// <summary>
    /// The client's options with the sentinel credentials instead of the nodes', database 0 (sentinels have no
    /// SELECT), no Sentinel section (no ROLE check), no <c>CLIENT NO-EVICT</c>/<c>NO-TOUCH</c> and no hooks (the transport given already runs them).
    /// </summary>
    public static RedisOptions For(RedisOptions client, RedisEndPoint sentinel)
    {
        var options = client.Clone();
        var settings = client.Sentinel!;
        options.EndPoint = sentinel;
        options.User = settings.User;
        options.Password = settings.Password;
        options.Database = 0;
        options.Sentinel = null;
        options.NoEvict = options.NoTouch = false; // the nodes' settings; a sentinel stores no keys
        options.Hooks.Clear();
        return options;
    }
}
