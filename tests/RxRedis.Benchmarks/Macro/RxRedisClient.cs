using System.Diagnostics;
using System.Reactive.Linq;

namespace RxRedis.Benchmarks.Macro;

/// <summary>RxRedis: bulk as plain <c>Subscribe</c> with a counting window; request/response as <c>await client.Get(k)</c>.</summary>
internal sealed class RxRedisClient : IClientUnderTest
{
    private readonly RedisClient _client;

    private RxRedisClient(RedisClient client) => _client = client;

    public string Name => "RxRedis";

    public static async Task<RxRedisClient> ConnectAsync(string endpoint) =>
        new(await RedisClient.ConnectAsync(endpoint));

    public Task<long> BulkSetAsync(string[] keys, byte[] value, int window) =>
        RunBulk<bool>(keys.Length, window, static ok => ok, (i, observer) => _client.Set(keys[i], value).Subscribe(observer));

    public Task<long> BulkGetAsync(string[] keys, int valueSize, int window) =>
        RunBulk<RedisValue>(keys.Length, window, v => !v.IsNull && v.ByteLength == valueSize, (i, observer) => _client.Get(keys[i]).Subscribe(observer));

    /// <summary>Bulk producer for <see cref="Bulk10MAsync"/>: keys made on the fly so the key list itself does not dominate memory.</summary>
    public Task<long> BulkSetGeneratedAsync(int count, byte[] value, int window) =>
        RunBulk<bool>(count, window, static ok => ok, (i, observer) => _client.Set(KeyName(i), value).Subscribe(observer));

    public static string KeyName(int i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"key:{i}");

    // One shared observer for all subscriptions. The window is a count with hysteresis: the producer thread stops
    // when `window` are outstanding and resumes when half have completed, so it does not ping-pong with the
    // completions one command at a time (harness cost, not client cost). The subscription's IDisposable is dropped
    // (nothing is ever cancelled).
    private static Task<long> RunBulk<T>(int count, int window, Func<T, bool> check, Action<int, IObserver<T>> subscribe)
    {
        var observer = new WindowObserver<T>(count, window, check);
        _ = Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < count; i++)
                {
                    observer.Acquire();
                    subscribe(i, observer);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        return observer.Done.Task;
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

    public async Task<byte[]?> ReadAsync(string key) => (byte[]?)await _client.Get(key);

    public async Task FlushAllAsync() => await _client.Execute("FLUSHALL");

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private sealed class WindowObserver<T>(int count, int window, Func<T, bool> check) : IObserver<T>
    {
        private readonly int _resumeAt = window / 2;
        private readonly ManualResetEventSlim _space = new(true);
        private int _outstanding;
        private long _completed;
        private long _hits;

        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Producer only: takes a slot, blocking while the window is full until it has drained to half.</summary>
        public void Acquire()
        {
            if (Interlocked.Increment(ref _outstanding) < window)
            {
                return;
            }
            _space.Reset();
            while (Volatile.Read(ref _outstanding) > _resumeAt)
            {
                _space.Wait(10);   // the timeout covers a Set that raced ahead of the Reset
            }
        }

        public void OnNext(T value)
        {
            if (check(value))
            {
                Interlocked.Increment(ref _hits);
            }
        }

        public void OnCompleted() => Complete();

        public void OnError(Exception error)
        {
            Done.TrySetException(error);
            Complete();
        }

        private void Complete()
        {
            if (Interlocked.Decrement(ref _outstanding) == _resumeAt)
            {
                _space.Set();
            }
            if (Interlocked.Increment(ref _completed) == count)
            {
                Done.TrySetResult(Interlocked.Read(ref _hits));
            }
        }
    }
}
