using RxRedis.Commands;
using RxRedis.Protocol;

namespace RxRedis;

// Client-side caching: https://redis.io/docs/latest/develop/reference/client-side-caching/
public sealed partial class RedisClient
{
    private ClientCache? _cache;

    /// <summary>
    /// Turns on client-side caching for this client (once): sends <c>CLIENT TRACKING ON</c> and returns the cache
    /// through which cached reads are made. Plain reads on the client stay uncached.
    /// </summary>
    /// <exception cref="NotSupportedException">The connection is RESP2: invalidations need RESP3 pushes; or the client is connected to a cluster.</exception>
    /// <exception cref="InvalidOperationException">Caching is already enabled on this client.</exception>
    /// <exception cref="RedisServerException">The server refused <c>CLIENT TRACKING</c>.</exception>
    public async Task<ClientCache> EnableClientCacheAsync(ClientCacheOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ClientCacheOptions();
        options.Validate();
        if (_cluster is not null)
        {
            // Tracking is per connection: a cluster would need it on every node's connection, each with its own
            // invalidations, and re-enabled whenever the slot map brings a new node. Not built yet.
            throw new NotSupportedException("Client-side caching is not supported on a cluster yet: the server tracks keys per connection, and the cache follows one connection.");
        }
        if (Protocol != RedisProtocol.Resp3)
        {
            throw new NotSupportedException("Client-side caching needs RESP3: tracking invalidations arrive as push frames on the same connection.");
        }
        var cache = new ClientCache(this, options);
        if (Interlocked.CompareExchange(ref _cache, cache, null) is not null)
        {
            throw new InvalidOperationException("Client-side caching is already enabled on this client.");
        }
        try
        {
            await cache.StartAsync(_connection, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Exchange(ref _cache, null);
            cache.Dispose();
            throw;
        }
        return cache;
    }

    internal IObservable<T> CachedCommand<T>(CommandInfo info, Func<RespValue, T> decode, params RedisValue[] args) =>
        Command(info, decode, args);
}
