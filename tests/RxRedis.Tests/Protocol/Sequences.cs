using System.Buffers;

namespace RxRedis.Tests.Protocol;

/// <summary>Builds multi-segment sequences the way a pipe hands them out, to test reads across segment edges.</summary>
internal static class Sequences
{
    /// <summary>One sequence over linked segments, one per chunk (chunks may be empty).</summary>
    public static ReadOnlySequence<byte> FromChunks(IReadOnlyList<ReadOnlyMemory<byte>> chunks)
    {
        if (chunks.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        var first = new Segment(chunks[0], 0);
        var last = first;
        for (var i = 1; i < chunks.Count; i++)
        {
            last = last.Append(chunks[i]);
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>The bytes cut at the given ascending offsets.</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> bytes, params int[] cuts)
    {
        var chunks = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        foreach (var cut in cuts)
        {
            chunks.Add(bytes[start..cut]);
            start = cut;
        }
        chunks.Add(bytes[start..]);
        return FromChunks(chunks);
    }

    /// <summary>Every byte in its own segment.</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(ReadOnlyMemory<byte> bytes) =>
        Split(bytes, Enumerable.Range(1, Math.Max(0, bytes.Length - 1)).ToArray());

    /// <summary>How many bytes lie between the start of <paramref name="sequence"/> and <paramref name="position"/>.</summary>
    public static long Offset(ReadOnlySequence<byte> sequence, SequencePosition position) =>
        sequence.Slice(sequence.Start, position).Length;

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
