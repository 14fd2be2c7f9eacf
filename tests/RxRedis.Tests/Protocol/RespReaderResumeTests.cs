using System.Buffers;
using System.Text;
using RxRedis.Protocol;

namespace RxRedis.Tests.Protocol;

/// <summary>Large frames fed a little at a time, as a socket delivers them: the reader resumes instead of rescanning.</summary>
public sealed class RespReaderResumeTests
{
    [Fact]
    public void A_large_array_fed_in_small_steps_reads_once_complete()
    {
        const int Count = 100_000;
        var bytes = Encoding.ASCII.GetBytes($"*{Count}\r\n" + string.Concat(Enumerable.Repeat(":1\r\n", Count)));
        var reader = new RespReader();

        // 6,000+ calls over 400 KB: rescanning from the frame start each time would read over a gigabyte.
        for (var length = 0; length < bytes.Length; length += 64)
        {
            Assert.False(reader.TryRead(new ReadOnlySequence<byte>(bytes, 0, length), out _, out _));
        }
        Assert.True(reader.TryRead(new ReadOnlySequence<byte>(bytes), out var value, out _));

        Assert.Equal(Count, value.Count);
        Assert.All(value.AsArray()!, item => Assert.Equal(1, item.AsInt64()));
    }

    [Fact]
    public void A_long_simple_string_fed_in_small_steps_is_searched_for_its_end_once()
    {
        var text = new string('a', 1 << 20);
        var bytes = Encoding.ASCII.GetBytes("+" + text + "\r\n");
        var reader = new RespReader();

        for (var length = 0; length < bytes.Length; length += 256)
        {
            Assert.False(reader.TryRead(new ReadOnlySequence<byte>(bytes, 0, length), out _, out _));
        }
        Assert.True(reader.TryRead(new ReadOnlySequence<byte>(bytes), out var value, out _));

        Assert.Equal(text, value.AsString());
    }
}
