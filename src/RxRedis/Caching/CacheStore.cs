namespace RxRedis.Caching;

/// <summary>
/// The cache's memory: an LRU list bounded by entries and bytes, an index from Redis key to its entries (for
/// invalidation), and the reads in flight that may fill it. One lock guards it all; every operation is O(1) per
/// entry touched.
/// </summary>
internal sealed class CacheStore
{
    // Dictionary slots, list node and value header: a rough per-entry cost so tiny values still count.
    private const int EntryOverhead = 96;

    private readonly Lock _gate = new();
    private readonly ClientCacheOptions _options;
    private readonly Dictionary<CacheKey, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _lru = new();
    private readonly Dictionary<string, List<CacheKey>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CacheFill>> _fills = new(StringComparer.Ordinal);
    private long _bytes;
    private long _epoch;
    private bool _tracking;
    private long _evictions;
    private long _invalidations;

    public CacheStore(ClientCacheOptions options) => _options = options;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public long Evictions => Interlocked.Read(ref _evictions);

    public long Invalidations => Interlocked.Read(ref _invalidations);

    public bool TryGet(CacheKey key, DateTimeOffset now, out object? value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (_options.TimeToLive is { } ttl && now - node.Value.StoredAt >= ttl)
                {
                    RemoveLocked(node);
                    _evictions++;
                }
                else
                {
                    _lru.Remove(node);
                    _lru.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }
            }
            value = null;
            return false;
        }
    }

    /// <summary>Registers a read about to be sent; null when tracking is not active, so the reply must not be cached.</summary>
    public CacheFill? BeginFill(CacheKey key)
    {
        lock (_gate)
        {
            if (!_tracking)
            {
                return null;
            }
            var fill = new CacheFill(key, _epoch);
            if (!_fills.TryGetValue(key.Key, out var fills))
            {
                _fills[key.Key] = fills = [];
            }
            fills.Add(fill);
            return fill;
        }
    }

    /// <summary>Stores the reply of <paramref name="fill"/> unless an invalidation or a reconnect voided it.</summary>
    public void CompleteFill(CacheFill? fill, object? value, long valueSize, DateTimeOffset now)
    {
        if (fill is null)
        {
            return;
        }
        lock (_gate)
        {
            ForgetFillLocked(fill);
            if (fill.Voided || fill.Epoch != _epoch || !_tracking)
            {
                return;
            }
            var size = EntryOverhead + fill.Key.Size + valueSize;
            if (size > _options.MaxBytes)
            {
                return;
            }
            if (_entries.TryGetValue(fill.Key, out var existing))
            {
                RemoveLocked(existing);
            }
            var node = _lru.AddFirst(new Entry(fill.Key, value, size, now));
            _entries[fill.Key] = node;
            if (!_byKey.TryGetValue(fill.Key.Key, out var keys))
            {
                _byKey[fill.Key.Key] = keys = [];
            }
            keys.Add(fill.Key);
            _bytes += size;
            while (_entries.Count > _options.MaxEntries || _bytes > _options.MaxBytes)
            {
                RemoveLocked(_lru.Last!);
                _evictions++;
            }
        }
    }

    public void AbandonFill(CacheFill? fill)
    {
        if (fill is null)
        {
            return;
        }
        lock (_gate)
        {
            ForgetFillLocked(fill);
        }
    }

    /// <summary>Drops every entry of <paramref name="key"/> and voids reads of it in flight.</summary>
    public void Invalidate(string key)
    {
        lock (_gate)
        {
            if (_fills.Remove(key, out var fills))
            {
                foreach (var fill in fills)
                {
                    fill.Voided = true;
                }
            }
            if (_byKey.TryGetValue(key, out var keys))
            {
                foreach (var cacheKey in keys.ToArray())
                {
                    RemoveLocked(_entries[cacheKey]);
                    _invalidations++;
                }
            }
        }
    }

    /// <summary>
    /// Drops everything and voids every read in flight. With <paramref name="trackingLost"/>, also stops caching
    /// until <see cref="StartTracking"/>: a new socket is not tracked until <c>CLIENT TRACKING ON</c> is confirmed.
    /// </summary>
    public void Flush(bool trackingLost)
    {
        lock (_gate)
        {
            _invalidations += _entries.Count;
            _entries.Clear();
            _lru.Clear();
            _byKey.Clear();
            _bytes = 0;
            foreach (var fills in _fills.Values)
            {
                foreach (var fill in fills)
                {
                    fill.Voided = true;
                }
            }
            _fills.Clear();
            if (trackingLost)
            {
                _epoch++;
                _tracking = false;
            }
        }
    }

    /// <summary>The current epoch, read before sending <c>CLIENT TRACKING ON</c>.</summary>
    public long Epoch
    {
        get
        {
            lock (_gate)
            {
                return _epoch;
            }
        }
    }

    /// <summary>Tracking was confirmed on the socket of <paramref name="epoch"/>: reads sent from now on may be cached.</summary>
    public void StartTracking(long epoch)
    {
        lock (_gate)
        {
            _tracking = epoch == _epoch;
        }
    }

    private void ForgetFillLocked(CacheFill fill)
    {
        if (_fills.TryGetValue(fill.Key.Key, out var fills) && fills.Remove(fill) && fills.Count == 0)
        {
            _fills.Remove(fill.Key.Key);
        }
    }

    private void RemoveLocked(LinkedListNode<Entry> node)
    {
        var key = node.Value.Key;
        _lru.Remove(node);
        _entries.Remove(key);
        _bytes -= node.Value.Size;
        if (_byKey.TryGetValue(key.Key, out var keys) && keys.Remove(key) && keys.Count == 0)
        {
            _byKey.Remove(key.Key);
        }
    }

    private sealed record Entry(CacheKey Key, object? Value, long Size, DateTimeOffset StoredAt);
}
