using System.Buffers;
using System.Text;
using RxRedis.Protocol;

namespace RxRedis.Tests.Protocol;

/// <summary>Malformed or oversized input fails with <see cref="RespProtocolException"/>: no crash, no big allocation.</summary>
public sealed class RespReaderMalformedTests
{
    [Theory]
    [InlineData("@foo\r\n", 0, "unknown type prefix")]
    [InlineData("\0\r\n", 0, "unknown type prefix")]
    [InlineData("*1\r\nfoo\r\n", 4, "unknown type prefix")]
    [InlineData("$-2\r\n", 1, "negative length")]
    [InlineData("*-5\r\n", 1, "negative length")]
    [InlineData("%-1\r\n", 1, "negative count")]
    [InlineData("!-1\r\n", 1, "negative length")]
    [InlineData("$3\r\nabcXY", 7, "not followed by CRLF")]
    [InlineData("$3\r\nabc\rX", 7, "not followed by CRLF")]
    [InlineData("+OK\n", 3, "LF without CR")]
    [InlineData("+OK\rX", 4, "CR not followed by LF")]
    [InlineData("$abc\r\n", 1, "expected a digit")]
    [InlineData("$+3\r\n", 1, "expected a digit")]
    [InlineData("*1x\r\n", 2, "expected a digit")]
    [InlineData(":12a\r\n", 3, "expected a digit")]
    [InlineData(":\r\n", 1, "integer needs")]
    [InlineData(":-\r\n", 1, "integer needs")]
    [InlineData(":9223372036854775808\r\n", 1, "64-bit range")]
    [InlineData(":99999999999999999999\r\n", 1, "integer needs")]
    [InlineData("$\r\n", 1, "empty length")]
    [InlineData("*\r\n", 1, "empty length")]
    [InlineData("$9999999999\r\n", 1, "MaxBulkLength")]
    [InlineData("$99999999999999999999999\r\n", 1, "length too large")]
    [InlineData("*2147483647\r\n", 1, "MaxAggregateLength")]
    [InlineData("*16777217\r\n", 1, "MaxAggregateLength")]
    [InlineData("%16777217\r\n", 1, "MaxAggregateLength")]
    [InlineData("$?\r\n", 1, "streamed")]
    [InlineData("*?\r\n", 1, "streamed")]
    [InlineData("#x\r\n", 1, "boolean")]
    [InlineData("#tt\r\n", 1, "boolean")]
    [InlineData("#\r\n", 1, "boolean")]
    [InlineData("_x\r\n", 1, "null")]
    [InlineData(",abc\r\n", 1, "not a double")]
    [InlineData(", 1\r\n", 1, "not a double")]
    [InlineData(",Infinity\r\n", 1, "not a double")]
    [InlineData(",1.2.3\r\n", 1, "not a double")]
    [InlineData("(12a\r\n", 3, "big number")]
    [InlineData("(\r\n", 1, "big number")]
    [InlineData("(-\r\n", 1, "big number")]
    [InlineData("=3\r\ntxt\r\n", 1, "verbatim")]
    [InlineData("=15\r\ntxtXSome string\r\n", 8, "verbatim")]
    [InlineData("|1\r\n+a\r\n+b\r\n|1\r\n+c\r\n+d\r\n+v\r\n", 12, "attribute")]
    public void Rejects_malformed_input_naming_the_problem_and_offset(string wire, long offset, string problem)
    {
        var input = new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(wire));

        var error = Assert.Throws<RespProtocolException>(() => new RespReader().TryRead(input, out _, out _));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(offset, error.Offset);
        Assert.Contains($"byte {offset}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$3\r\nabcXY")]
    [InlineData("*2\r\n:1\r\n@\r\n")]
    [InlineData(":12a\r\n")]
    [InlineData("*3\r\n$5\r\nhello\r\n%-3\r\n")]
    public void Fed_as_it_arrives_never_reads_a_frame_and_fails_once_the_bad_byte_arrives(string wire)
    {
        var bytes = Encoding.Latin1.GetBytes(wire);
        var segmented = Sequences.OneBytePerSegment(bytes);
        var reader = new RespReader();
        var failedAt = -1;
        for (var length = 0; length <= bytes.Length && failedAt < 0; length++)
        {
            try
            {
                Assert.False(reader.TryRead(segmented.Slice(0, length), out _, out _));
            }
            catch (RespProtocolException)
            {
                failedAt = length;
            }
        }
        Assert.True(failedAt > 0, "The malformed input was never rejected.");
    }

    [Fact]
    public void A_line_without_CRLF_is_rejected_once_it_passes_the_short_line_limit()
    {
        var input = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(":" + new string('1', 100)));

        var error = Assert.Throws<RespProtocolException>(() => new RespReader().TryRead(input, out _, out _));

        Assert.Contains("line longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_simple_string_longer_than_MaxBulkLength_is_rejected()
    {
        var reader = new RespReader(new RespReaderOptions { MaxBulkLength = 10 });
        var input = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("+" + new string('a', 20)));

        Assert.Throws<RespProtocolException>(() => reader.TryRead(input, out _, out _));
    }

    [Fact]
    public void A_huge_declared_array_is_rejected_without_allocating()
    {
        var input = new ReadOnlySequence<byte>("*2147483647\r\n"u8.ToArray());
        var reader = new RespReader();
        Assert.Throws<RespProtocolException>(() => reader.TryRead(input, out _, out _));   // warm up (JIT)

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<RespProtocolException>(() => reader.TryRead(input, out _, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 64 * 1024, $"Allocated {allocated} bytes.");
    }

    [Theory]
    [InlineData("*16000000\r\n:1\r\n:2\r\n")]
    [InlineData("%8000000\r\n:1\r\n:2\r\n")]
    [InlineData("$500000000\r\nonly a few bytes")]
    [InlineData("*1\r\n*1\r\n$500000000\r\nonly a few bytes")]
    public void A_partial_frame_declaring_a_huge_size_below_the_limits_needs_more_data_without_allocating_it(string wire)
    {
        var input = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire));
        var reader = new RespReader();
        Assert.False(reader.TryRead(input, out _, out _));   // warm up (JIT, the reader's bounded stack)
        reader.Reset();

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(reader.TryRead(input, out _, out _));
        Assert.False(reader.TryRead(input, out _, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1024, $"Allocated {allocated} bytes.");
    }

    [Fact]
    public void Nesting_ten_thousand_deep_is_rejected_cleanly_at_MaxDepth()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", 10_000)) + ":1\r\n");
        var reader = new RespReader();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<RespProtocolException>(() => reader.TryRead(new ReadOnlySequence<byte>(bytes), out _, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("MaxDepth (64)", error.Message, StringComparison.Ordinal);
        Assert.Equal(64 * 4, error.Offset);
        Assert.True(allocated < 64 * 1024, $"Allocated {allocated} bytes.");
    }

    [Fact]
    public void Nesting_ten_thousand_deep_reads_without_recursion_when_the_limit_allows_it()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", 10_000)) + ":1\r\n");
        var reader = new RespReader(new RespReaderOptions { MaxDepth = 10_000 });

        Assert.True(reader.TryRead(Sequences.Split(bytes, bytes.Length / 2), out var value, out _));

        for (var depth = 0; depth < 10_000; depth++)
        {
            Assert.Equal(RespType.Array, value.Type);
            value = value[0];
        }
        Assert.Equal(RespValue.Integer(1), value);
    }

    [Fact]
    public void The_reader_is_usable_after_Reset_following_an_error()
    {
        var reader = new RespReader();
        Assert.Throws<RespProtocolException>(() => reader.TryRead(new ReadOnlySequence<byte>("*2\r\n:1\r\n@"u8.ToArray()), out _, out _));

        Assert.True(reader.TryRead(new ReadOnlySequence<byte>("+OK\r\n"u8.ToArray()), out var value, out _));
        Assert.Equal(RespValue.SimpleString("OK"), value);
    }

    [Fact]
    public void Reset_drops_a_partial_frame()
    {
        var reader = new RespReader();
        Assert.False(reader.TryRead(new ReadOnlySequence<byte>("*3\r\n:1\r\n:2\r\n"u8.ToArray()), out _, out _));

        reader.Reset();

        Assert.True(reader.TryRead(new ReadOnlySequence<byte>(":7\r\n"u8.ToArray()), out var value, out _));
        Assert.Equal(RespValue.Integer(7), value);
    }

    [Fact]
    public void Options_outside_their_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RespReaderOptions { MaxDepth = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RespReaderOptions { MaxBulkLength = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RespReaderOptions { MaxAggregateLength = int.MaxValue });
    }
}
