using System.Buffers;
using BenchmarkDotNet.Attributes;
using RxRedis.Commands;
using RxRedis.Protocol;

namespace RxRedis.Benchmarks.Micro;

/// <summary>
/// Encoding <c>SET key value</c> the way a command does (array header, pre-encoded name, each argument through
/// <see cref="RedisValue"/>), with string and byte[] arguments, into a reused buffer.
/// </summary>
[MemoryDiagnoser]
public class RespWriterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly RedisValue[] _stringArgs = ["key:123456", "0123456789abcdef"];
    private readonly RedisValue[] _byteArgs = ["key:123456"u8.ToArray(), "0123456789abcdef"u8.ToArray()];

    private int Encode(RedisValue[] args)
    {
        _output.ResetWrittenCount();
        RespWriter.WriteArrayHeader(_output, 1 + args.Length);
        _output.Write(CommandTable.Set.EncodedName);
        foreach (var arg in args)
        {
            arg.WriteTo(_output);
        }
        return _output.WrittenCount;
    }

    [Benchmark]
    public int Set_StringArgs() => Encode(_stringArgs);

    [Benchmark]
    public int Set_ByteArrayArgs() => Encode(_byteArgs);

    [Benchmark]
    public int WriteCommand_Strings()
    {
        _output.ResetWrittenCount();
        RespWriter.WriteCommand(_output, "SET", "key:123456", "0123456789abcdef");
        return _output.WrittenCount;
    }
}
