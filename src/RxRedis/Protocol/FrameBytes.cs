using System.Buffers;

namespace RxRedis.Protocol;

/// <summary>
/// Random access by frame offset over a <see cref="ReadOnlySequence{T}"/>. It keeps the current segment, so a frame
/// inside the first segment is read straight from one span and a frame spanning segments walks each segment once
/// as the reader moves forward.
/// </summary>
internal ref struct FrameBytes
{
    private readonly ReadOnlySequence<byte> _sequence;
    private ReadOnlySpan<byte> _span;   // the current segment
    private long _spanStart;            // frame offset of _span[0]
    private SequencePosition _next;     // where the segment after _span starts

    public FrameBytes(in ReadOnlySequence<byte> sequence)
    {
        _sequence = sequence;
        Length = sequence.Length;
        _spanStart = 0;
        _next = sequence.Start;
        sequence.TryGet(ref _next, out var first);
        _span = first.Span;
    }

    /// <summary>How many bytes are available.</summary>
    public long Length { get; }

    /// <summary>The byte at <paramref name="offset"/>, which must be below <see cref="Length"/>.</summary>
    public byte this[long offset]
    {
        get
        {
            Seek(offset);
            return _span[(int)(offset - _spanStart)];
        }
    }

    /// <summary>The index of the first CR or LF in [<paramref name="from"/>, <paramref name="to"/>), or -1.</summary>
    public long IndexOfLineEnd(long from, long to)
    {
        while (from < to)
        {
            Seek(from);
            var start = (int)(from - _spanStart);
            var end = (int)Math.Min(_span.Length, to - _spanStart);
            var found = _span[start..end].IndexOfAny((byte)'\r', (byte)'\n');
            if (found >= 0)
            {
                return from + found;
            }
            from = _spanStart + end;
        }
        return -1;
    }

    /// <summary>The <paramref name="length"/> bytes at <paramref name="offset"/> when they lie in one segment.</summary>
    public bool TryGetSpan(long offset, int length, out ReadOnlySpan<byte> span)
    {
        Seek(offset);
        var start = (int)(offset - _spanStart);
        span = _span.Length - start >= length ? _span.Slice(start, length) : default;
        return _span.Length - start >= length;
    }

    /// <summary>Copies the bytes from <paramref name="offset"/> into all of <paramref name="destination"/>.</summary>
    public void CopyTo(long offset, scoped Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            Seek(offset);
            var start = (int)(offset - _spanStart);
            var count = Math.Min(destination.Length, _span.Length - start);
            _span.Slice(start, count).CopyTo(destination);
            destination = destination[count..];
            offset += count;
        }
    }

    // Makes _span the segment holding offset; moving backwards restarts from the first segment.
    private void Seek(long offset)
    {
        if (offset < _spanStart)
        {
            _spanStart = 0;
            _next = _sequence.Start;
            _sequence.TryGet(ref _next, out var first);
            _span = first.Span;
        }
        while (offset >= _spanStart + _span.Length)
        {
            _spanStart += _span.Length;
            if (!_sequence.TryGet(ref _next, out var memory))
            {
                throw new ArgumentOutOfRangeException(nameof(offset), offset, "Past the end of the available bytes.");
            }
            _span = memory.Span;
        }
    }
}
