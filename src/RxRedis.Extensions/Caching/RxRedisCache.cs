using System.Globalization;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using RxRedis.Protocol;

namespace RxRedis.Extensions;

/// <summary>
/// An <see cref="IDistributedCache"/> on RxRedis. Each entry is a Redis hash whose TTL Redis enforces; reading an
/// entry with a sliding expiration renews it in the same atomic script. Relative expirations are measured from
/// <see cref="RxRedisCacheOptions.TimeProvider"/>; the synchronous methods block on the asynchronous ones.
/// </summary>
public sealed class RxRedisCache : IDistributedCache
{
    private readonly RedisClientProvider _provider;
    private readonly RxRedisCacheOptions _options;

    /// <summary>Creates a cache over the client of <paramref name="provider"/>.</summary>
    public RxRedisCache(RedisClientProvider provider, IOptions<RxRedisCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        _provider = provider;
        _options = options.Value;
    }

    /// <inheritdoc />
    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var reply = await GetAndRefreshAsync(key, returnData: true, token).ConfigureAwait(false);
        return reply.IsNull ? null : reply.AsBytes();
    }

    /// <inheritdoc />
    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default) => GetAndRefreshAsync(key, returnData: false, token);

    /// <inheritdoc />
    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var client = await _provider.GetClientAsync(token).ConfigureAwait(false);
        await client.Execute("DEL", _options.KeyPrefix + key).ToTask(token).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The absolute expiration is not in the future.</exception>
    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var now = _options.TimeProvider.GetUtcNow();
        var absolute = AbsoluteExpiration(now, options);
        var sliding = options.SlidingExpiration;
        var untilAbsolute = absolute - now;
        TimeSpan? ttl = (sliding, untilAbsolute) switch
        {
            ({ } s, { } a) => s < a ? s : a,
            ({ } s, null) => s,
            (null, { } a) => a,
            _ => null,
        };
        var client = await _provider.GetClientAsync(token).ConfigureAwait(false);
        await client.Execute(
            "EVAL",
            CacheScripts.Set,
            1,
            _options.KeyPrefix + key,
            absolute?.ToUnixTimeMilliseconds() ?? -1,
            Milliseconds(sliding),
            Milliseconds(ttl),
            value).ToTask(token).ConfigureAwait(false);
    }

    // As Microsoft's caches do: a relative expiration wins over an absolute one, and an absolute one must be ahead.
    private static DateTimeOffset? AbsoluteExpiration(DateTimeOffset now, DistributedCacheEntryOptions options)
    {
        if (options.AbsoluteExpiration is { } absolute && absolute <= now)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), absolute, "The absolute expiration value must be in the future.");
        }
        return options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : options.AbsoluteExpiration;
    }

    // Rounded up, so a sub-millisecond window still expires rather than becoming "no expiry".
    private static long Milliseconds(TimeSpan? span) =>
        span is { } s ? Math.Max(1, (long)Math.Ceiling(s.TotalMilliseconds)) : -1;

    private async Task<RespValue> GetAndRefreshAsync(string key, bool returnData, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(key);
        var client = await _provider.GetClientAsync(token).ConfigureAwait(false);
        var now = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return await client.Execute(
            "EVAL",
            CacheScripts.GetAndRefresh,
            1,
            _options.KeyPrefix + key,
            now.ToString(CultureInfo.InvariantCulture),
            returnData ? "1" : "0").ToTask(token).ConfigureAwait(false);
    }
}
