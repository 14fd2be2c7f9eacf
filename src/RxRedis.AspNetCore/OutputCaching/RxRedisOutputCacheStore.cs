using System.Buffers;
using System.IO.Pipelines;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using RxRedis.Extensions;

namespace RxRedis.AspNetCore.OutputCaching;

/// <summary>
/// An <see cref="IOutputCacheStore"/> in Redis, in the key layout of
/// <c>Microsoft.AspNetCore.OutputCaching.StackExchangeRedis</c> (see <see cref="RxRedisOutputCacheOptions.InstanceName"/>).
/// Every instance of an app reads and evicts the same entries, so evicting a tag on one empties it for all.
/// Unlike Microsoft's store, tag writes are awaited (pipelined with the value write), so a failed tag write fails
/// the <c>SetAsync</c> instead of leaving an entry that its tag can no longer evict.
/// </summary>
public sealed class RxRedisOutputCacheStore : IOutputCacheBufferStore
{
    /// <summary>How many entries of a tag one eviction round trip removes.</summary>
    private const int EvictionBatch = 256;

    private static readonly TimeSpan GarbageCollectionLease = TimeSpan.FromMinutes(5);

    private readonly RedisClientProvider _provider;
    private readonly RxRedisOutputCacheOptions _options;
    private readonly OutputCacheKeys _keys;

    /// <summary>Creates a store over the client of <paramref name="provider"/>.</summary>
    public RxRedisOutputCacheStore(RedisClientProvider provider, IOptions<RxRedisOutputCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        _provider = provider;
        _options = options.Value;
        ArgumentNullException.ThrowIfNull(_options.InstanceName, "options.InstanceName");
        _keys = new OutputCacheKeys(_options.InstanceName);
    }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var client = await _provider.GetClientAsync(cancellationToken).ConfigureAwait(false);
        var value = await client.Get(_keys.Value(key)).ToTask(cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : value.ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var value = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (value is null)
        {
            return false;
        }
        await destination.WriteAsync(value, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validFor"/> is not positive.</exception>
    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        return WriteAsync(key, value, tags ?? [], validFor, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validFor"/> is not positive.</exception>
    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        WriteAsync(key, value.IsSingleSegment ? value.First : value.ToArray(), tags.ToArray(), validFor, cancellationToken);

    private async ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, string[] tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validFor, TimeSpan.Zero);
        var client = await _provider.GetClientAsync(cancellationToken).ConfigureAwait(false);
        var expiresAt = (_options.TimeProvider.GetUtcNow() + validFor).ToUnixTimeMilliseconds();
        // Issued together, so they share one flush and round trip (the client pipelines concurrent commands).
        var writes = new List<Task>(1 + (2 * tags.Length))
        {
            client.Set(_keys.Value(key), value, new SetOptions { Expiry = validFor }).ToTask(cancellationToken),
        };
        foreach (var tag in tags)
        {
            ArgumentNullException.ThrowIfNull(tag, nameof(tags));
            writes.Add(client.ZAdd(_keys.TagMaster, tag, expiresAt, new ZAddOptions { Comparison = ZAddComparison.GreaterThan }).ToTask(cancellationToken));
            writes.Add(client.ZAdd(_keys.Tag(tag), key, expiresAt).ToTask(cancellationToken));
        }
        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Removes the tag's entries in batches (read a batch of keys, then delete their values and the batch in one
    /// round trip) until the tag is empty. An entry added to the tag while this runs may survive it.
    /// </remarks>
    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var client = await _provider.GetClientAsync(cancellationToken).ConfigureAwait(false);
        var tagKey = _keys.Tag(tag);
        while (true)
        {
            var members = await client.ZRange(tagKey, 0, EvictionBatch - 1).ToTask(cancellationToken).ConfigureAwait(false);
            if (members.Length == 0)
            {
                return;
            }
            var values = members.Select(member => _keys.Value(member.ToArray() ?? [])).ToArray();
            await Task.WhenAll(
                client.Unlink(values).ToTask(cancellationToken),
                client.ZRem(tagKey, members).ToTask(cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Removes expired entries from the tag sets and expired tags from the tag index, unless another instance is
    /// sweeping (it holds <c>{instance}__MSOCTGC</c>, as Microsoft's store does). Returns the number of tags removed,
    /// or null when another instance was sweeping.
    /// </summary>
    public async Task<long?> CollectGarbageAsync(CancellationToken cancellationToken = default)
    {
        var client = await _provider.GetClientAsync(cancellationToken).ConfigureAwait(false);
        var locked = await client.Set(
            _keys.GarbageCollectionLock,
            Environment.MachineName,
            new SetOptions { Expiry = GarbageCollectionLease, Condition = SetCondition.NotExists }).ToTask(cancellationToken).ConfigureAwait(false);
        if (!locked)
        {
            return null;
        }
        try
        {
            var now = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var tags = await client.ZScan(_keys.TagMaster).ToList().ToTask(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(tags.Select(tag =>
                client.ZRemRangeByScore(_keys.Tag(tag.Member.ToString()), 0, now).ToTask(cancellationToken))).ConfigureAwait(false);
            return await client.ZRemRangeByScore(_keys.TagMaster, 0, now).ToTask(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await client.Del(_keys.GarbageCollectionLock).ToTask(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
