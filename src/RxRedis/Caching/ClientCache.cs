using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Reactive.Threading.Tasks;
using RxRedis.Caching;
using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis;

/// <summary>
/// Reads served from client memory until the server says the key changed, using RESP3 <c>CLIENT TRACKING</c>
/// (https://redis.io/docs/latest/develop/reference/client-side-caching/). Invalidations arrive as push frames on
/// the shared connection and drop the entry before the next read; a read whose reply raced an invalidation is
/// returned but not cached. When the connection breaks the cache is flushed, and nothing is cached again until
/// tracking is re-enabled on the new socket, so no stale value outlives a reconnect. Get one with
/// <see cref="RedisClient.EnableClientCacheAsync"/>. Thread-safe.
/// </summary>
public sealed class ClientCache : IDisposable
{
    private readonly RedisClient _client;
    private readonly CacheStore _store;
    private readonly IScheduler _scheduler;
    private readonly ISubject<CacheInvalidation> _invalidations = Subject.Synchronize(new Subject<CacheInvalidation>());
    private IDisposable? _stateSubscription;
    private bool _replaying;
    private long _hits;
    private long _misses;

    internal ClientCache(RedisClient client, ClientCacheOptions options)
    {
        _client = client;
        Options = options;
        _store = new CacheStore(options);
        _scheduler = client.Options.Scheduler;
    }

    /// <summary>The settings the cache was enabled with.</summary>
    public ClientCacheOptions Options { get; }

    /// <summary>
    /// Every invalidation the server sends (and a flush of everything when the connection is lost), delivered on the
    /// thread pool. Hot: it shows only what happens after you subscribe.
    /// </summary>
    public IObservable<CacheInvalidation> Invalidations => _client.Options.Callbacks.PerSubscriber(_invalidations.ObserveOn(ThreadPoolScheduler.Instance), nameof(Invalidations));

    /// <summary>The hit, miss, size and eviction counters now.</summary>
    public ClientCacheStatistics Statistics => new(
        Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), _store.Count, _store.Bytes, _store.Evictions, _store.Invalidations);

    /// <summary>Cached <c>GET key</c>.</summary>
    public IObservable<RedisValue> Get(RedisKey key)
    {
        var arg = Arguments.Key(key, nameof(key));
        var cacheKey = new CacheKey("GET", CacheKey.KeyText(key));
        return Read(cacheKey, () => _client.CachedCommand(CommandTable.Get, ReplyDecoders.Value, arg), static v => v.ByteLength);
    }

    /// <summary>Cached <c>HGET key field</c>.</summary>
    public IObservable<RedisValue> HGet(RedisKey key, RedisValue field)
    {
        var args = new[] { Arguments.Key(key, nameof(key)), Arguments.Value(field, nameof(field)) };
        var cacheKey = new CacheKey("HGET", CacheKey.KeyText(key), CacheKey.KeyText(field.ToArray()));
        return Read(cacheKey, () => _client.CachedCommand(CommandTable.Lookup("HGET"), ReplyDecoders.Value, args), static v => v.ByteLength);
    }

    /// <summary>Cached <c>HGETALL key</c>: field/value pairs (empty when the key does not exist).</summary>
    public IObservable<IReadOnlyList<KeyValuePair<RedisValue, RedisValue>>> HGetAll(RedisKey key)
    {
        var arg = Arguments.Key(key, nameof(key));
        var cacheKey = new CacheKey("HGETALL", CacheKey.KeyText(key));
        return Read(cacheKey, () => _client.CachedCommand(CommandTable.Lookup("HGETALL"), DecodePairs, arg),
            static pairs => pairs.Sum(p => (long)p.Key.ByteLength + p.Value.ByteLength));
    }

    /// <summary>
    /// Cached <c>MGET key ...</c>: keys held in the cache are answered from it, the rest are fetched with one
    /// <c>MGET</c> of only those keys. Values come back in the order of <paramref name="keys"/>.
    /// </summary>
    public IObservable<RedisValue[]> MGet(params RedisKey[] keys)
    {
        var args = Arguments.Keys(keys, nameof(keys));
        var cacheKeys = keys.Select(k => new CacheKey("GET", CacheKey.KeyText(k))).ToArray();
        return _client.Options.Callbacks.PerSubscriber(Observable.Create<RedisValue[]>(observer =>
        {
            var values = new RedisValue[keys.Length];
            var missing = new List<int>();
            var now = _scheduler.Now;
            for (var i = 0; i < keys.Length; i++)
            {
                if (_store.TryGet(cacheKeys[i], now, out var cached))
                {
                    values[i] = (RedisValue)cached!;
                    Interlocked.Increment(ref _hits);
                }
                else
                {
                    missing.Add(i);
                    Interlocked.Increment(ref _misses);
                }
            }
            if (missing.Count == 0)
            {
                observer.OnNext(values);
                observer.OnCompleted();
                return System.Reactive.Disposables.Disposable.Empty;
            }
            var fills = missing.Select(i => _store.BeginFill(cacheKeys[i])).ToArray();
            var fetch = _client.CachedCommand(CommandTable.MGet, ReplyDecoders.Values, [.. missing.Select(i => args[i])]);
            return fetch.Subscribe(
                fetched =>
                {
                    if (fetched.Length != missing.Count)
                    {
                        AbandonAll(fills);
                        observer.OnError(new RedisException($"MGET of {missing.Count} keys returned {fetched.Length} values.", CommandOutcome.Unknown));
                        return;
                    }
                    var stored = _scheduler.Now;
                    for (var j = 0; j < missing.Count; j++)
                    {
                        values[missing[j]] = fetched[j];
                        _store.CompleteFill(fills[j], fetched[j], fetched[j].ByteLength, stored);
                    }
                    observer.OnNext(values);
                },
                error =>
                {
                    AbandonAll(fills);
                    observer.OnError(error);
                },
                observer.OnCompleted);
        }), "cache");
    }

    private void AbandonAll(CacheFill?[] fills)
    {
        foreach (var fill in fills)
        {
            _store.AbandonFill(fill);
        }
    }

    /// <summary>Empties the cache (tracking stays on).</summary>
    public void Clear() => _store.Flush(trackingLost: false);

    /// <summary>Stops watching the connection. The server keeps tracking until the connection closes.</summary>
    public void Dispose()
    {
        _stateSubscription?.Dispose();
        _store.Flush(trackingLost: true);
        _invalidations.OnCompleted();
    }

    /// <summary>The read path shared by every cached command: serve a live entry, else fetch and (maybe) fill.</summary>
    private IObservable<T> Read<T>(CacheKey key, Func<IObservable<T>> fetch, Func<T, long> size) => _client.Options.Callbacks.PerSubscriber(Observable.Create<T>(observer =>
    {
        if (_store.TryGet(key, _scheduler.Now, out var cached))
        {
            Interlocked.Increment(ref _hits);
            observer.OnNext((T)cached!);
            observer.OnCompleted();
            return System.Reactive.Disposables.Disposable.Empty;
        }
        Interlocked.Increment(ref _misses);
        var fill = _store.BeginFill(key);
        return fetch().Subscribe(
            value =>
            {
                _store.CompleteFill(fill, value, size(value), _scheduler.Now);
                observer.OnNext(value);
            },
            error =>
            {
                _store.AbandonFill(fill);
                observer.OnError(error);
            },
            observer.OnCompleted);
    }), "cache");

    /// <summary>Turns tracking on for the current socket and follows the connection to flush and re-enable it.</summary>
    internal async Task StartAsync(RedisConnection connection, CancellationToken cancellationToken)
    {
        _replaying = true;
        _stateSubscription = connection.State.Subscribe(OnState);
        _replaying = false;
        var epoch = _store.Epoch;
        await Tracking().ToTask(cancellationToken).ConfigureAwait(false);
        _store.StartTracking(epoch);
    }

    private void OnState(ConnectionState state)
    {
        if (state.Status == ConnectionStatus.Disconnected)
        {
            // Invalidations sent while we were away are lost, so nothing cached can be trusted.
            _store.Flush(trackingLost: true);
            _invalidations.OnNext(new CacheInvalidation([], All: true));
        }
        else if (state.Status == ConnectionStatus.Connected && !_replaying)
        {
            // A new socket is untracked until CLIENT TRACKING ON is confirmed on it. If that fails, caching stays
            // off until the next reconnect: reads still work, uncached.
            var epoch = _store.Epoch;
            Tracking().Subscribe(_ => _store.StartTracking(epoch), _ => { });
        }
    }

    private IObservable<Unit> Tracking()
    {
        var args = new List<RedisValue> { "TRACKING", "ON" };
        if (Options.Broadcast)
        {
            args.Add("BCAST");
            foreach (var prefix in Options.Prefixes)
            {
                args.Add("PREFIX");
                args.Add(prefix);
            }
        }
        return _client.CachedCommand(CommandTable.Lookup("CLIENT"), ReplyDecoders.Ok, [.. args]);
    }

    /// <summary>Handles an <c>invalidate</c> push; ignores anything else.</summary>
    internal void OnPush(RespValue frame)
    {
        if (frame.Type != RespType.Push || frame.Count != 2 || !frame[0].Span.SequenceEqual("invalidate"u8))
        {
            return;
        }
        var keys = frame[1];
        if (keys.IsNull)
        {
            // FLUSHALL/FLUSHDB on the server: every key is gone.
            _store.Flush(trackingLost: false);
            _invalidations.OnNext(new CacheInvalidation([], All: true));
            return;
        }
        var invalidated = new RedisKey[keys.Count];
        for (var i = 0; i < invalidated.Length; i++)
        {
            var key = keys[i].AsBytes() ?? [];
            _store.Invalidate(CacheKey.KeyText(key));
            invalidated[i] = key;
        }
        _invalidations.OnNext(new CacheInvalidation(invalidated, All: false));
    }

    private static readonly Func<RespValue, IReadOnlyList<KeyValuePair<RedisValue, RedisValue>>> DecodePairs = static r =>
    {
        // RESP3 sends a map, RESP2 a flat array; both read as field, value, field, value, ...
        var items = r.Items;
        var pairs = new KeyValuePair<RedisValue, RedisValue>[items.Length / 2];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = new(RedisValue.FromResp(items[2 * i]), RedisValue.FromResp(items[(2 * i) + 1]));
        }
        return pairs;
    };
}
