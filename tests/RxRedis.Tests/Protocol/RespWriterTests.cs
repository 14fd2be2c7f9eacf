using System.Buffers;
using System.Globalization;
using System.Text;
using RxRedis.Protocol;

namespace RxRedis.Tests.Protocol;

/// <summary>The exact bytes <see cref="RespWriter"/> produces.</summary>
public sealed class RespWriterTests
{
    [Fact]
    public void Writes_a_command_as_an_array_of_bulk_strings()
    {
        AssertWrites("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", w => RespWriter.WriteCommand(w, "SET", "k", "v"));
        AssertWrites("*0\r\n", w => RespWriter.WriteCommand(w));
    }

    [Theory]
    [InlineData("", "$0\r\n\r\n")]
    [InlineData("h\u00e9llo", "$6\r\nh\u00c3\u00a9llo\r\n")]
    [InlineData("\u65e5\u672c", "$6\r\n\u00e6\u0097\u00a5\u00e6\u009c\u00ac\r\n")]
    [InlineData("\U0001F600", "$4\r\n\u00f0\u009f\u0098\u0080\r\n")]
    public void Writes_strings_as_UTF8(string text, string latin1Wire)
    {
        AssertWrites(latin1Wire, w => RespWriter.WriteBulkString(w, text));
    }

    [Fact]
    public void Writes_a_lone_surrogate_as_U_FFFD_as_counted_in_the_length()
    {
        // Not InlineData: test discovery would replace the lone surrogate before the test sees it.
        AssertWrites("$5\r\na\u00ef\u00bf\u00bdb\r\n", w => RespWriter.WriteBulkString(w, "a\ud800b"));
    }

    [Fact]
    public void Writes_a_long_string_in_chunks_with_the_right_length()
    {
        var text = string.Concat(Enumerable.Repeat("\u00e9\U0001F600x", 5000));
        var utf8 = Encoding.UTF8.GetBytes(text);
        var writer = new ArrayBufferWriter<byte>(16);

        RespWriter.WriteBulkString(writer, text);

        byte[] expected = [.. Encoding.ASCII.GetBytes($"${utf8.Length}\r\n"), .. utf8, .. "\r\n"u8];
        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Writes_every_byte_value_and_embedded_CRLF_verbatim()
    {
        byte[] payload = [.. Enumerable.Range(0, 256).Select(b => (byte)b), .. "\r\n"u8];
        var writer = new ArrayBufferWriter<byte>();

        RespWriter.WriteBulkString(writer, payload);

        byte[] expected = [.. "$258\r\n"u8, .. payload, .. "\r\n"u8];
        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(0L, "$1\r\n0\r\n")]
    [InlineData(-1L, "$2\r\n-1\r\n")]
    [InlineData(long.MinValue, "$20\r\n-9223372036854775808\r\n")]
    [InlineData(long.MaxValue, "$19\r\n9223372036854775807\r\n")]
    public void Writes_integers_as_decimal_bulk_strings(long value, string wire)
    {
        AssertWrites(wire, w => RespWriter.WriteBulkString(w, value));
    }

    [Theory]
    [InlineData(1.5, "$3\r\n1.5\r\n")]
    [InlineData(-0.0, "$2\r\n-0\r\n")]
    [InlineData(0.1, "$3\r\n0.1\r\n")]
    [InlineData(-2.5e-7, "$8\r\n-2.5E-07\r\n")]
    [InlineData(1e300, "$6\r\n1E+300\r\n")]
    [InlineData(double.PositiveInfinity, "$3\r\ninf\r\n")]
    [InlineData(double.NegativeInfinity, "$4\r\n-inf\r\n")]
    [InlineData(double.NaN, "$3\r\nnan\r\n")]
    public void Writes_doubles_in_invariant_culture_whatever_the_current_culture(double value, string wire)
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            foreach (var culture in new[] { "de-DE", "fr-FR", "ar-SA" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
                AssertWrites(wire, w => RespWriter.WriteBulkString(w, value));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Writes_array_headers_and_refuses_negative_counts()
    {
        AssertWrites("*0\r\n", w => RespWriter.WriteArrayHeader(w, 0));
        AssertWrites("*2147483647\r\n", w => RespWriter.WriteArrayHeader(w, int.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => RespWriter.WriteArrayHeader(new ArrayBufferWriter<byte>(), -1));
    }

    [Theory]
    [InlineData("simple string")]
    [InlineData("simple error")]
    [InlineData("integer min")]
    [InlineData("bulk string holding CRLF")]
    [InlineData("empty bulk string")]
    [InlineData("nested array")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("double")]
    [InlineData("double inf")]
    [InlineData("double -inf")]
    [InlineData("double nan")]
    [InlineData("big number")]
    [InlineData("bulk error")]
    [InlineData("verbatim string")]
    [InlineData("map")]
    [InlineData("set")]
    [InlineData("attribute")]
    [InlineData("attribute on an array element")]
    [InlineData("push")]
    public void Writes_a_value_exactly_as_the_specification_example(string name)
    {
        var (wire, value) = RespExamples.All[name];

        AssertWrites(wire, w => RespWriter.WriteValue(w, value));
    }

    [Fact]
    public void Writes_RESP2_nulls_as_the_RESP3_null()
    {
        AssertWrites("_\r\n", w => RespWriter.WriteValue(w, RespValue.Null));
        AssertWrites("_\r\n", w => RespWriter.WriteValue(w, default));
    }

    [Fact]
    public void Refuses_a_simple_string_that_would_break_the_frame()
    {
        Assert.Throws<ArgumentException>(() => RespWriter.WriteValue(new ArrayBufferWriter<byte>(), RespValue.SimpleString("a\r\nb")));
    }

    private static void AssertWrites(string latin1Wire, Action<IBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        Assert.Equal(latin1Wire, Encoding.Latin1.GetString(writer.WrittenSpan));
    }
}
