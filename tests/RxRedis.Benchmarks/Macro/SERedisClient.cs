using System.Diagnostics;
using SE = StackExchange.Redis;

namespace RxRedis.Benchmarks.Macro;

/// <summary>
/// StackExchange.Redis: bulk as a sliding window of awaited <c>StringSetAsync</c>/<c>StringGetAsync</c> tasks (the
/// oldest is awaited before its slot is reused; SE.Redis completes in order). Fire-and-forget is not used: it would
/// not be comparable. Request/response as <c>await db.StringGetAsync(k)</c>.
/// </summary>
internal sealed class SERedisClient : IClientUnderTest
{
    private readonly SE.ConnectionMultiplexer _mux;
    private readonly SE.IDatabase _db;

    private SERedisClient(SE.ConnectionMultiplexer mux)
    {
        _mux = mux;
        _db = mux.GetDatabase();
    }

    public string Name => "SE.Redis";

    public static async Task<SERedisClient> ConnectAsync(string endpoint, TimeSpan? commandTimeout = null)
    {
        var config = SE.ConfigurationOptions.Parse(endpoint);
        if (commandTimeout is { } timeout)
        {
            config.SyncTimeout = config.AsyncTimeout = (int)timeout.TotalMilliseconds;
        }
        config.AllowAdmin = true;
        config.AbortOnConnectFail = true;
        return new SERedisClient(await SE.ConnectionMultiplexer.ConnectAsync(config));
    }

    public async Task<long> BulkSetAsync(string[] keys, byte[] value, int window)
    {
        var ring = new Task<bool>?[window];
        SE.RedisValue v = value;
        long ok = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            var slot = i % window;
            if (ring[slot] is { } pending && await pending)
            {
                ok++;
            }
            ring[slot] = _db.StringSetAsync(keys[i], v);
        }
        foreach (var pending in ring)
        {
            if (pending is not null && await pending)
            {
                ok++;
            }
        }
        return ok;
    }

    public async Task<long> BulkGetAsync(string[] keys, int valueSize, int window)
    {
        var ring = new Task<SE.RedisValue>?[window];
        long hits = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            var slot = i % window;
            if (ring[slot] is { } pending && Check(await pending, valueSize))
            {
                hits++;
            }
            ring[slot] = _db.StringGetAsync(keys[i]);
        }
        foreach (var pending in ring)
        {
            if (pending is not null && Check(await pending, valueSize))
            {
                hits++;
            }
        }
        return hits;
    }

    private static bool Check(SE.RedisValue value, int size) => !value.IsNull && value.Length() == size;

    public async Task<int> GetCallerAsync(string[] keys, int seed, long deadline, long[] latencies)
    {
        var n = 0;
        var k = seed;
        while (n < latencies.Length && Stopwatch.GetTimestamp() < deadline)
        {
            var start = Stopwatch.GetTimestamp();
            _ = await _db.StringGetAsync(keys[k]);
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
        var redisKeys = keys.Select(k => (SE.RedisKey)k).ToArray();
        var n = 0;
        while (n < latencies.Length && Stopwatch.GetTimestamp() < deadline)
        {
            var start = Stopwatch.GetTimestamp();
            var values = await _db.StringGetAsync(redisKeys);
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
        var subscriber = _mux.GetSubscriber();
        var name = SE.RedisChannel.Literal(channel);
        void OnMessage(SE.RedisChannel _, SE.RedisValue __) => deliveries.Signal();
        for (var i = 0; i < subscribers; i++)
        {
            await subscriber.SubscribeAsync(name, OnMessage);
        }
        try
        {
            SE.RedisValue message = payload;
            var ring = new Task<long>?[window];
            for (var i = 0; i < messages; i++)
            {
                var slot = i % window;
                if (ring[slot] is { } pending)
                {
                    await pending;
                }
                ring[slot] = subscriber.PublishAsync(name, message);
            }
            foreach (var pending in ring)
            {
                if (pending is not null)
                {
                    await pending;
                }
            }
            await deliveries.WaitAsync(TimeSpan.FromSeconds(60));
            return deliveries.Delivered;
        }
        finally
        {
            await subscriber.UnsubscribeAsync(name);
        }
    }

    public async Task<long> PipelinedSetAsync(string[] keys, byte[] value, int window) => await BulkSetAsync(keys, value, window);

    /// <summary>Sync-over-async (false: timed out, or its connection was failed for it), as the reports do (<c>StringGetAsync(k).GetAwaiter().GetResult()</c>).</summary>
    private string? _firstFailure;

    public string? TakeFirstFailure() => Interlocked.Exchange(ref _firstFailure, null);

    public bool BlockingGet(string key)
    {
        try
        {
#pragma warning disable SER307 // the workload is this very pattern, which SE.Redis's analyzer warns about
            _ = _db.StringGetAsync(key).GetAwaiter().GetResult();
#pragma warning restore SER307
            return true;
        }
        catch (Exception e) when (e is SE.RedisTimeoutException or SE.RedisConnectionException)
        {
            Interlocked.CompareExchange(ref _firstFailure, e.Message, null);
            return false; // starved, SE.Redis also reports a timed-out connection as "no connection available"
        }
    }

    public async Task<byte[]?> ReadAsync(string key) => await _db.StringGetAsync(key);

    public async Task FlushAllAsync()
    {
        foreach (var server in _mux.GetServers())
        {
            await server.FlushAllDatabasesAsync();
        }
    }

    public async ValueTask DisposeAsync() => await _mux.DisposeAsync();
}
