using System.Reactive.Linq;
using BenchmarkDotNet.Attributes;

namespace RxRedis.Benchmarks.Micro;

/// <summary>
/// One GET through the whole client (command, channel, writer loop, pipe, reader loop, FIFO, decode, thread-pool
/// delivery) against an in-memory fake server that answers with a 16-byte bulk string: no network.
/// <see cref="Await_Get"/> is one round trip at a time; <see cref="Pipelined_Get"/> keeps 1,000 in flight and
/// reports the per-command cost of a full pipeline.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private const int Batch = 1000;
    private RedisClient _client = null!;
    private CountingObserver _observer = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var transport = new InMemoryRedis("$16\r\n0123456789abcdef\r\n"u8.ToArray());
        _client = await RedisClient.ConnectAsync(new RedisOptions(), transport);
        _observer = new CountingObserver();
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _client.DisposeAsync();

    [Benchmark]
    public async Task<RedisValue> Await_Get() => await _client.Get("key:123456");

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Pipelined_Get()
    {
        _observer.Reset(Batch);
        for (var i = 0; i < Batch; i++)
        {
            _client.Get("key:123456").Subscribe(_observer);
        }
        _observer.Done.Wait();
    }

    private sealed class CountingObserver : IObserver<RedisValue>
    {
        private int _remaining;

        public ManualResetEventSlim Done { get; } = new();

        public void Reset(int count)
        {
            _remaining = count;
            Done.Reset();
        }

        public void OnNext(RedisValue value)
        {
        }

        public void OnCompleted()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                Done.Set();
            }
        }

        public void OnError(Exception error) => throw error;
    }
}
