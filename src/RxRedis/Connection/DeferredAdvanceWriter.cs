using System.Buffers;
using System.IO.Pipelines;

namespace RxRedis.Connection;

/// <summary>
/// The writer loop's view of the socket's <see cref="PipeWriter"/>: it hands out the pipe's own memory but tells the
/// pipe what was written once per command (<see cref="Commit"/>) instead of once per RESP token. Every
/// <see cref="Pipe"/> advance takes the pipe's lock, which the socket's send loop takes too; a bulk SET wrote about
/// eight tokens per item, and those lock round trips were over half the cost of encoding it.
/// </summary>
internal sealed class DeferredAdvanceWriter(PipeWriter output) : IBufferWriter<byte>
{
    private Memory<byte> _memory; // the pipe's memory from the last GetMemory; valid until the next Advance on the pipe
    private int _written;         // bytes of _memory written and not yet advanced

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)(_memory.Length - _written), nameof(count));
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _memory[_written..];
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _memory.Span[_written..];
    }

    /// <summary>Advances the pipe past everything written so far (before it is flushed or its length is read).</summary>
    public void Commit()
    {
        if (_written > 0)
        {
            output.Advance(_written);
        }
        _written = 0;
        _memory = default;
    }

    private void Reserve(int sizeHint)
    {
        if (_memory.Length - _written < Math.Max(sizeHint, 1))
        {
            Commit();
            _memory = output.GetMemory(sizeHint);
        }
    }
}
