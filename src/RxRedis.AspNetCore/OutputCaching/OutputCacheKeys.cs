using System.Text;

namespace RxRedis.AspNetCore.OutputCaching;

/// <summary>
/// The key layout of Microsoft's Redis output cache store, so both can share a cache: values at
/// <c>{instance}__MSOCV_{key}</c> (a string with a TTL), each tag's entries at <c>{instance}__MSOCT_{tag}</c> (a sorted
/// set of cache keys scored by expiry in Unix ms), all tags at <c>{instance}__MSOCT</c> (scored by their latest
/// expiry), and the sweep's lock at <c>{instance}__MSOCTGC</c>.
/// </summary>
internal sealed class OutputCacheKeys(string instanceName)
{
    private readonly byte[] _valuePrefix = Encoding.UTF8.GetBytes(instanceName + "__MSOCV_");
    private readonly string _tagPrefix = instanceName + "__MSOCT_";

    public string TagMaster { get; } = instanceName + "__MSOCT";

    public string GarbageCollectionLock { get; } = instanceName + "__MSOCTGC";

    public RedisKey Value(string key) => Value(Encoding.UTF8.GetBytes(key));

    /// <summary>The value key of a tag-set member (the cache key's bytes as stored).</summary>
    public RedisKey Value(ReadOnlySpan<byte> key) => (byte[])[.. _valuePrefix, .. key];

    public RedisKey Tag(string tag) => _tagPrefix + tag;
}
