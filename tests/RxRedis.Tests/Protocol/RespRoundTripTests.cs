using System.Buffers;
using System.Text;
using RxRedis.Protocol;

namespace RxRedis.Tests.Protocol;

/// <summary>Random values of every type, written with <see cref="RespWriter"/> and read back in random chunks.</summary>
public sealed class RespRoundTripTests
{
    private const int MaxDepth = 4;

    private static readonly RespType[] Leaves =
    [
        RespType.Null, RespType.SimpleString, RespType.SimpleError, RespType.Integer, RespType.BulkString,
        RespType.Double, RespType.Boolean, RespType.BigNumber, RespType.BulkError, RespType.VerbatimString,
    ];

    private static readonly RespType[] Aggregates = [RespType.Array, RespType.Map, RespType.Set, RespType.Push];

    private static readonly double[] SpecialDoubles =
        [0.0, -0.0, 1.5, -1.5, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1e300, -1e-300,
         double.MaxValue, double.Epsilon, 0.1];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Written_values_read_back_equal_in_any_chunking(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 2000; i++)
        {
            var expected = Next(random, 0);
            var writer = new ArrayBufferWriter<byte>();
            RespWriter.WriteValue(writer, expected);
            var bytes = writer.WrittenMemory;

            var cuts = RandomCuts(random, bytes.Length);
            var whole = Sequences.Split(bytes, cuts);
            var reader = new RespReader();
            foreach (var cut in cuts)
            {
                Assert.False(reader.TryRead(whole.Slice(0, cut), out _, out _));
            }
            Assert.True(reader.TryRead(whole, out var actual, out var consumed));

            Assert.True(expected == actual, $"Case {i}: wrote {expected}, read {actual}.");
            Assert.Equal(bytes.Length, Sequences.Offset(whole, consumed));
        }
    }

    [Fact]
    public void Many_values_in_one_stream_read_back_in_order()
    {
        var random = new Random(42);
        var expected = Enumerable.Range(0, 500).Select(_ => Next(random, 0)).ToArray();
        var writer = new ArrayBufferWriter<byte>();
        foreach (var value in expected)
        {
            RespWriter.WriteValue(writer, value);
        }

        var input = Sequences.Split(writer.WrittenMemory, RandomCuts(random, writer.WrittenCount));
        var reader = new RespReader();
        foreach (var value in expected)
        {
            Assert.True(reader.TryRead(input, out var actual, out var consumed));
            Assert.True(value == actual, $"Wrote {value}, read {actual}.");
            input = input.Slice(consumed);
        }
        Assert.True(input.IsEmpty);
    }

    private static int[] RandomCuts(Random random, int length)
    {
        var cuts = new SortedSet<int>();
        var count = random.Next(0, Math.Min(length, 12));
        for (var i = 0; i < count; i++)
        {
            cuts.Add(random.Next(1, length));
        }
        return [.. cuts];
    }

    private static RespValue Next(Random random, int depth)
    {
        var aggregate = depth < MaxDepth && random.Next(3) == 0;
        var value = aggregate
            ? NextAggregate(random, Aggregates[random.Next(Aggregates.Length)], depth)
            : NextLeaf(random, Leaves[random.Next(Leaves.Length)]);
        if (depth < MaxDepth && random.Next(10) == 0)
        {
            var pairs = random.Next(0, 3);
            var items = new RespValue[pairs * 2];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = Next(random, depth + 1);
            }
            value = value.WithAttributes(RespValue.Aggregate(RespType.Attribute, items));
        }
        return value;
    }

    private static RespValue NextAggregate(Random random, RespType type, int depth)
    {
        var count = random.Next(0, 5) * (type == RespType.Map ? 2 : 1);
        var items = new RespValue[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = Next(random, depth + 1);
        }
        return RespValue.Aggregate(type, items);
    }

    private static RespValue NextLeaf(Random random, RespType type) => type switch
    {
        RespType.Null => RespValue.Null,
        RespType.SimpleString => RespValue.SimpleString(Line(random)),
        RespType.SimpleError => RespValue.Error(Line(random)),
        RespType.Integer => RespValue.Integer(random.Next(4) switch
        {
            0 => long.MinValue,
            1 => long.MaxValue,
            _ => random.NextInt64(long.MinValue, long.MaxValue),
        }),
        RespType.Double => RespValue.Double(random.Next(2) == 0
            ? SpecialDoubles[random.Next(SpecialDoubles.Length)]
            : NonNaN(BitConverter.Int64BitsToDouble(random.NextInt64()))),
        RespType.Boolean => RespValue.Boolean(random.Next(2) == 0),
        RespType.BigNumber => RespValue.FromBytes(RespType.BigNumber, Encoding.ASCII.GetBytes(
            (random.Next(2) == 0 ? "-" : "") + string.Concat(Enumerable.Range(0, random.Next(1, 60)).Select(_ => random.Next(10))))),
        RespType.VerbatimString => RespValue.FromBytes(RespType.VerbatimString,
            [.. (random.Next(2) == 0 ? "txt:"u8 : "mkd:"u8), .. Binary(random)]),
        _ => RespValue.FromBytes(type, Binary(random)),
    };

    private static double NonNaN(double value) => double.IsNaN(value) ? 0.5 : value;

    private static string Line(Random random) =>
        new([.. Enumerable.Range(0, random.Next(0, 20)).Select(_ => (char)random.Next(0x20, 0x7F))]);

    private static byte[] Binary(Random random)
    {
        var bytes = new byte[random.Next(0, 40)];
        random.NextBytes(bytes);
        return bytes;
    }
}
