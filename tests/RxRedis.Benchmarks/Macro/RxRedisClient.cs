using System.Diagnostics;
using System.Reactive.Linq;

namespace RxRedis.Benchmarks.Macro;

/// <summary>RxRedis: bulk through the client's bulk API (<c>BulkSet</c>/<c>BulkGet</c>, chunked pipelining with a
/// bounded window; against a cluster it splits each chunk per node); request/response as <c>await client.Get(k)</c>.</summary>
internal sealed class RxRedisClient : IClientUnderTest
{
    private readonly RedisClient _client;

    private RxRedisClient(RedisClient client) => _client = client;

    public string Name => "RxRedis";

    public static async Task<RxRedisClient> ConnectAsync(string endpoint, bool highIntegrity = false, TimeSpan? commandTimeout = null)
    {
        var options = RedisOptions.Parse(endpoint);
        options.HighIntegrity = highIntegrity;
        if (commandTimeout is { } timeout)
        {
            options.CommandTimeout = timeout;
        }
        return new(await RedisClient.ConnectAsync(options));
    }

    /// <summary>A cluster client seeded with <paramref name="seed"/> (host:port).</summary>
    public static async Task<RxRedisClient> ConnectClusterAsync(string seed)
    {
        var options = RedisOptions.Parse(seed);
        options.Cluster.Enabled = true;
        return new(await RedisClient.ConnectAsync(options));
    }

    public Task<long> BulkSetAsync(string[] keys, byte[] value, int window) =>
        BulkSetAsync(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, value)), window);

    public async Task<long> BulkGetAsync(string[] keys, int valueSize, int window)
    {
        long hits = 0;
        await _client.BulkGet(keys.Select(k => (RedisKey)k), new BulkOptions { MaxInFlight = window })
            .ForEachAsync(r =>
            {
                if (r.IsSuccess && !r.Value.IsNull && r.Value.ByteLength == valueSize)
                {
                    hits++;
                }
            });
        return hits;
    }

    /// <summary>Bulk SET for <see cref="Bulk10M"/>: keys made on the fly so the key list itself does not dominate memory.</summary>
    public Task<long> BulkSetGeneratedAsync(int count, byte[] value, int window) =>
        BulkSetAsync(Enumerable.Range(0, count).Select(i => new KeyValuePair<RedisKey, RedisValue>(KeyName(i), value)), window);

    public static string KeyName(int i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"key:{i}");

    // Successes are the items not reported as failed (BulkResults.ErrorsOnly emits only failures).
    private async Task<long> BulkSetAsync(IEnumerable<KeyValuePair<RedisKey, RedisValue>> pairs, int window)
    {
        long total = 0, failed = 0;
        await _client.BulkSet(pairs.Select(p => { total++; return p; }), new BulkOptions { MaxInFlight = window, Results = BulkResults.ErrorsOnly })
            .ForEachAsync(_ => failed++);
        return total - failed;
    }

    public async Task<int> GetCallerAsync(string[] keys, int seed, long deadline, long[] latencies)
    {
        var n = 0;
        var k = seed;
        while (n < latencies.Length && Stopwatch.GetTimestamp() < deadline)
        {
            var start = Stopwatch.GetTimestamp();
            _ = await _client.Get(keys[k]);
            latencies[n++] = Stopwatch.GetTimestamp() - start;
            if (++k == keys.Length)
            {
                k = 0;
            }
        }
        return n;
    }

    public async Task<int> MGetCallerAsync(string[] keys, long deadline, long[] latencies)
    {
        var redisKeys = keys.Select(k => (RedisKey)k).ToArray();
        var n = 0;
        while (n < latencies.Length && Stopwatch.GetTimestamp() < deadline)
        {
            var start = Stopwatch.GetTimestamp();
            var values = await _client.MGet(redisKeys);
            latencies[n++] = Stopwatch.GetTimestamp() - start;
            if (values.Length != redisKeys.Length)
            {
                throw new InvalidOperationException("MGET returned the wrong number of values.");
            }
        }
        return n;
    }

    public async Task<long> FanOutAsync(string channel, int subscribers, int messages, byte[] payload, int window)
    {
        var deliveries = new DeliveryCountdown((long)subscribers * messages);
        // Buffers as deep as the run, so a subscriber that falls behind drops nothing (the default drops the oldest).
        var subscription = _client.Subscribe(channel, new SubscriberBufferOptions { Capacity = messages });
        var handles = Enumerable.Range(0, subscribers).Select(_ => subscription.Subscribe(_ => deliveries.Signal())).ToList();
        try
        {
            await subscription.Ready.FirstAsync();
            await _client.Bulk(Enumerable.Range(0, messages), _ => _client.Publish(channel, payload), new BulkOptions { MaxInFlight = window, Results = BulkResults.ErrorsOnly })
                .LastOrDefaultAsync();
            await deliveries.WaitAsync(TimeSpan.FromSeconds(60));
            return deliveries.Delivered;
        }
        finally
        {
            handles.ForEach(h => h.Dispose());
        }
    }

    /// <summary>Plain <c>client.Set(k, v).Subscribe(...)</c> per key; a semaphore keeps the window.</summary>
    public async Task<long> PipelinedSetAsync(string[] keys, byte[] value, int window)
    {
        using var slots = new SemaphoreSlim(window);
        var observer = new CountingObserver(slots);
        RedisValue v = value;
        foreach (var key in keys)
        {
            await slots.WaitAsync();
            _client.Set(key, v).Subscribe(observer);
        }
        for (var i = 0; i < window; i++)
        {
            await slots.WaitAsync();
        }
        return observer.Ok;
    }

    private sealed class CountingObserver(SemaphoreSlim slots) : IObserver<bool>
    {
        private long _ok;

        public long Ok => Interlocked.Read(ref _ok);

        public void OnNext(bool value)
        {
            if (value)
            {
                Interlocked.Increment(ref _ok);
            }
        }

        public void OnError(Exception error) => slots.Release();

        public void OnCompleted() => slots.Release();
    }

    private string? _firstFailure;

    public string? TakeFirstFailure() => Interlocked.Exchange(ref _firstFailure, null);

    public bool BlockingGet(string key)
    {
        try
        {
            _ = _client.Get(key).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is RedisTimeoutException or RedisConnectionException)
        {
            Interlocked.CompareExchange(ref _firstFailure, e.Message, null);
            return false;
        }
    }

    public async Task<byte[]?> ReadAsync(string key) => (byte[]?)await _client.Get(key);

    public async Task FlushAllAsync() => await _client.Execute("FLUSHALL");

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
