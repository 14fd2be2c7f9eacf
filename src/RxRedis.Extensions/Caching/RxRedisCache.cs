using System.Buffers;
using System.Globalization;
using System.Reactive.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using RxRedis.Protocol;

namespace RxRedis.Extensions;

/// <summary>
/// An <see cref="IDistributedCache"/> (and <see cref="IBufferDistributedCache"/>, which HybridCache uses to avoid
/// copies) on RxRedis. Entries are wire-compatible with Microsoft.Extensions.Caching.StackExchangeRedis: the same hash
/// fields in the same units (see <see cref="CacheScripts"/>) and the same expiry rules, so services moving from one
/// to the other can share a server (set <see cref="RxRedisCacheOptions.KeyPrefix"/> to Microsoft's
/// <c>InstanceName</c>). Redis enforces each entry's TTL; reading an entry with a sliding expiration renews it in the
/// same atomic script unless <see cref="RxRedisCacheOptions.DisableSlidingExpirationRefresh"/>. Relative expirations
/// are measured from <see cref="RxRedisCacheOptions.TimeProvider"/>; the synchronous methods block on the
/// asynchronous ones. While the client knows it is disconnected, calls fail at once
/// (<see cref="RxRedisCacheOptions.FailFastWhileDisconnected"/>).
/// </summary>
public sealed class RxRedisCache : IBufferDistributedCache
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
        var reply = await GetAndRefreshAsync(key, returnData: true, !_options.DisableSlidingExpirationRefresh, token).ConfigureAwait(false);
        return reply.IsNull ? null : reply.AsBytes();
    }

    /// <inheritdoc />
    public bool TryGet(string key, IBufferWriter<byte> destination) => TryGetAsync(key, destination).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var reply = await GetAndRefreshAsync(key, returnData: true, !_options.DisableSlidingExpirationRefresh, token).ConfigureAwait(false);
        if (reply.IsNull)
        {
            return false;
        }
        destination.Write(reply.Span);
        return true;
    }

    /// <inheritdoc />
    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default) => GetAndRefreshAsync(key, returnData: false, refresh: true, token);

    /// <inheritdoc />
    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var client = await ClientAsync(token).ConfigureAwait(false);
        await client.Execute("DEL", _options.KeyPrefix + key).ToTask(token).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The absolute expiration is not in the future (<c>ParamName</c> <c>AbsoluteExpiration</c>).</exception>
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return SetValueAsync(key, value, options, token);
    }

    /// <inheritdoc />
    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The absolute expiration is not in the future (<c>ParamName</c> <c>AbsoluteExpiration</c>).</exception>
    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        // One segment (HybridCache's usual case) is sent as it is; several are joined once.
        new(SetValueAsync(key, value.IsSingleSegment ? RedisValue.FromMemory(value.First) : value.ToArray(), options, token));

    private async Task SetValueAsync(string key, RedisValue value, DistributedCacheEntryOptions options, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(key);
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
        var client = await ClientAsync(token).ConfigureAwait(false);
        await client.Execute(
            "EVAL",
            CacheScripts.Set,
            1,
            _options.KeyPrefix + key,
            absolute?.UtcTicks ?? -1,
            sliding?.Ticks ?? -1,
            Milliseconds(ttl),
            value).ToTask(token).ConfigureAwait(false);
    }

    // As Microsoft's caches do: a relative expiration wins over an absolute one, and an absolute one must be ahead.
    private static DateTimeOffset? AbsoluteExpiration(DateTimeOffset now, DistributedCacheEntryOptions options)
    {
        if (options.AbsoluteExpiration is { } absolute && absolute <= now)
        {
#pragma warning disable CA2208 // Named after the property at fault, as Microsoft's RedisCache does, so callers that check ParamName agree.
            throw new ArgumentOutOfRangeException(
                nameof(DistributedCacheEntryOptions.AbsoluteExpiration), absolute, "The absolute expiration value must be in the future.");
#pragma warning restore CA2208
        }
        return options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : options.AbsoluteExpiration;
    }

    // Rounded up, so a sub-millisecond window still expires rather than becoming "no expiry".
    private static long Milliseconds(TimeSpan? span) =>
        span is { } s ? Math.Max(1, (long)Math.Ceiling(s.TotalMilliseconds)) : -1;

    private async Task<RedisClient> ClientAsync(CancellationToken token)
    {
        var client = await _provider.GetClientAsync(token).ConfigureAwait(false);
        if (_options.FailFastWhileDisconnected && ConnectionStateCheck.WhyDown(client) is { } down)
        {
            throw new RedisConnectionException(down + " The cache does not wait for the reconnect.", CommandOutcome.NotSent);
        }
        return client;
    }

    private async Task<RespValue> GetAndRefreshAsync(string key, bool returnData, bool refresh, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(key);
        var client = await ClientAsync(token).ConfigureAwait(false);
        var now = _options.TimeProvider.GetUtcNow().UtcTicks;
        return await client.Execute(
            "EVAL",
            CacheScripts.GetAndRefresh,
            1,
            _options.KeyPrefix + key,
            now.ToString(CultureInfo.InvariantCulture),
            returnData ? "1" : "0",
            refresh ? "1" : "0").ToTask(token).ConfigureAwait(false);
    }
}
