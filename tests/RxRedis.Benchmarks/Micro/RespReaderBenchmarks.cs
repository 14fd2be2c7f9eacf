using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using RxRedis.Protocol;

namespace RxRedis.Benchmarks.Micro;

/// <summary>RespReader.TryRead of one whole reply per reply type and size (one contiguous segment, as usual).</summary>
[MemoryDiagnoser]
public class RespReaderBenchmarks
{
    private readonly RespReader _reader = new();
    private ReadOnlySequence<byte> _ok;
    private ReadOnlySequence<byte> _integer;
    private ReadOnlySequence<byte> _bulk16;
    private ReadOnlySequence<byte> _bulk1024;
    private ReadOnlySequence<byte> _array100;

    [GlobalSetup]
    public void Setup()
    {
        _ok = Frame("+OK\r\n");
        _integer = Frame(":12345\r\n");
        _bulk16 = Frame(Bulk(16));
        _bulk1024 = Frame(Bulk(1024));
        _array100 = Frame("*100\r\n" + string.Concat(Enumerable.Repeat(Bulk(16), 100)));
    }

    private static string Bulk(int size) => $"${size}\r\n{new string('x', size)}\r\n";

    private static ReadOnlySequence<byte> Frame(string text) => new(Encoding.ASCII.GetBytes(text));

    private RespValue Read(in ReadOnlySequence<byte> input) =>
        _reader.TryRead(input, out var value, out _) ? value : throw new InvalidOperationException("incomplete");

    [Benchmark]
    public RespValue SimpleString_OK() => Read(_ok);

    [Benchmark]
    public RespValue Integer_12345() => Read(_integer);

    [Benchmark]
    public RespValue Bulk_16B() => Read(_bulk16);

    [Benchmark]
    public RespValue Bulk_1024B() => Read(_bulk1024);

    [Benchmark]
    public RespValue Array_100x16B() => Read(_array100);
}
