namespace RxRedis.Transport;

/// <summary>Picks the transport that <see cref="RedisClient.ConnectAsync(RedisOptions, CancellationToken)"/> uses.</summary>
internal static class TransportSelection
{
    /// <summary>TLS when <see cref="RedisOptions.Tls"/> is enabled, plain sockets otherwise.</summary>
    public static IRedisTransport For(RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Tls is { Enabled: true } tls ? new TlsTransport(tls) : SocketTransport.Instance;
    }
}
