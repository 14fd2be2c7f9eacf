using System.Buffers;
using RxRedis.Protocol;

namespace RxRedis.Tests.Protocol;

/// <summary>Every specification example read whole, split at every offset, byte by byte, and fed as it arrives.</summary>
public sealed class RespReaderExampleTests
{
    private static readonly byte[] Guard = [0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE];

    [Theory]
    [MemberData(nameof(RespExamples.Names), MemberType = typeof(RespExamples))]
    public void Reads_the_whole_frame(string name)
    {
        var (wire, expected) = RespExamples.All[name];
        var input = new ReadOnlySequence<byte>(RespExamples.Bytes(wire));

        AssertReads(new RespReader(), input, expected, input.Length);
    }

    [Theory]
    [MemberData(nameof(RespExamples.Names), MemberType = typeof(RespExamples))]
    public void Reads_the_frame_split_in_two_at_every_offset(string name)
    {
        var (wire, expected) = RespExamples.All[name];
        var bytes = RespExamples.Bytes(wire);
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            AssertReads(new RespReader(), Sequences.Split(bytes, cut), expected, bytes.Length);
        }
    }

    [Theory]
    [MemberData(nameof(RespExamples.Names), MemberType = typeof(RespExamples))]
    public void Reads_the_frame_one_byte_per_segment(string name)
    {
        var (wire, expected) = RespExamples.All[name];
        var bytes = RespExamples.Bytes(wire);

        AssertReads(new RespReader(), Sequences.OneBytePerSegment(bytes), expected, bytes.Length);
    }

    [Theory]
    [MemberData(nameof(RespExamples.Names), MemberType = typeof(RespExamples))]
    public void Needs_more_data_for_every_proper_prefix_then_reads_the_frame_contiguous(string name)
    {
        var (wire, expected) = RespExamples.All[name];
        var frame = RespExamples.Bytes(wire);
        var buffer = Guard.Concat(frame).Concat(Guard).ToArray();
        var reader = new RespReader();
        for (var length = 0; length < frame.Length; length++)
        {
            AssertNeedsMore(reader, new ReadOnlySequence<byte>(buffer, Guard.Length, length));
        }
        AssertReads(reader, new ReadOnlySequence<byte>(buffer, Guard.Length, frame.Length), expected, frame.Length);
    }

    [Theory]
    [MemberData(nameof(RespExamples.Names), MemberType = typeof(RespExamples))]
    public void Needs_more_data_for_every_proper_prefix_then_reads_the_frame_byte_segments(string name)
    {
        var (wire, expected) = RespExamples.All[name];
        var frame = RespExamples.Bytes(wire);
        var whole = Sequences.OneBytePerSegment(frame);
        var reader = new RespReader();
        for (var length = 0; length < frame.Length; length++)
        {
            AssertNeedsMore(reader, whole.Slice(0, length));
        }
        AssertReads(reader, whole, expected, frame.Length);
    }

    [Theory]
    [MemberData(nameof(RespExamples.Names), MemberType = typeof(RespExamples))]
    public void Stops_exactly_at_the_frame_end_so_the_next_frame_reads_next(string name)
    {
        var (wire, expected) = RespExamples.All[name];
        var frame = RespExamples.Bytes(wire);
        byte[] next = "+NEXT\r\n"u8.ToArray();
        var buffer = Guard.Concat(frame).Concat(next).Concat(Guard).ToArray();
        var contiguous = new ReadOnlySequence<byte>(buffer, Guard.Length, frame.Length + next.Length);
        var segmented = Sequences.OneBytePerSegment(frame.Concat(next).ToArray());

        foreach (var input in new[] { contiguous, segmented })
        {
            var reader = new RespReader();
            AssertReads(reader, input, expected, frame.Length);
            Assert.True(reader.TryRead(input, out _, out var first));
            var rest = input.Slice(first);
            Assert.True(reader.TryRead(rest, out var value, out var end));
            Assert.Equal(RespValue.SimpleString("NEXT"), value);
            Assert.Equal(rest.End, end);
        }
    }

    private static void AssertNeedsMore(RespReader reader, ReadOnlySequence<byte> input)
    {
        Assert.False(reader.TryRead(input, out var value, out var consumed));
        Assert.Equal(RespValue.Null, value);
        Assert.Equal(input.Start, consumed);
    }

    private static void AssertReads(RespReader reader, ReadOnlySequence<byte> input, RespValue expected, long length)
    {
        Assert.True(reader.TryRead(input, out var value, out var consumed));
        Assert.Equal(expected, value);
        Assert.Equal(expected.Attributes, value.Attributes);
        Assert.Equal(length, Sequences.Offset(input, consumed));
    }
}
