using System.Globalization;
using System.Text;

namespace RxRedis.Tests;

public sealed class RedisValueTests
{
    [Fact]
    public void Null_and_default_are_the_same_null_value()
    {
        Assert.True(RedisValue.Null.IsNull);
        Assert.True(default(RedisValue).IsNull);
        Assert.True(((RedisValue)(string?)null).IsNull);
        Assert.True(((RedisValue)(byte[]?)null).IsNull);
        Assert.Null((string?)RedisValue.Null);
        Assert.Null((byte[]?)RedisValue.Null);
        Assert.Equal(RedisValue.Null, default);
        Assert.NotEqual(RedisValue.Null, (RedisValue)"");
        Assert.Equal(0, RedisValue.Null.ByteLength);
    }

    [Fact]
    public void Text_is_utf8()
    {
        RedisValue v = "grüße €";
        Assert.Equal(Encoding.UTF8.GetBytes("grüße €"), v.ToArray());
        Assert.Equal(Encoding.UTF8.GetByteCount("grüße €"), v.ByteLength);
        Assert.Equal("grüße €", (string?)v);
        Assert.True(v.HasBytes);
    }

    [Fact]
    public void Bytes_are_kept_exactly()
    {
        var bytes = new byte[] { 0, 0xFF, 0x0D, 0x0A, 0x80 };
        RedisValue v = bytes;
        Assert.Equal(bytes, (byte[]?)v);
        Assert.Equal(5, v.ByteLength);
    }

    [Fact]
    public void A_memory_slice_holds_only_its_bytes()
    {
        var buffer = "0123456789"u8.ToArray();
        RedisValue v = new ReadOnlyMemory<byte>(buffer, 3, 4);
        Assert.Equal("3456"u8.ToArray(), v.ToArray());
        Assert.Equal(4, v.ByteLength);
        Assert.Equal("3456", v.ToString());
        Assert.Equal((RedisValue)"3456", v);
        Assert.Equal(((RedisValue)"3456").GetHashCode(), v.GetHashCode());
        Assert.Equal(3456L, v.ToInt64());

        RedisValue whole = new ReadOnlyMemory<byte>(buffer);
        Assert.Equal(buffer, whole.ToArray());
        RedisValue empty = ReadOnlyMemory<byte>.Empty;
        Assert.False(empty.IsNull);
        Assert.Equal(0, empty.ByteLength);
    }

    [Fact]
    public void Integers_are_decimal_text()
    {
        RedisValue v = -1234567890123L;
        Assert.Equal("-1234567890123", v.ToString());
        Assert.Equal(-1234567890123L, (long)v);
        Assert.Equal("-1234567890123"u8.ToArray(), v.ToArray());
        Assert.Equal((RedisValue)"-1234567890123", v);
        Assert.Equal(42L, (long)(RedisValue)"42");
        Assert.Equal(42.0, (double)(RedisValue)42);
        Assert.False(v.HasBytes);
    }

    [Fact]
    public void Doubles_use_the_invariant_culture_whatever_the_current_one()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            RedisValue v = 1234.5;
            Assert.Equal("1234.5", v.ToString());
            Assert.Equal("1234.5"u8.ToArray(), v.ToArray());
            Assert.Equal(1234.5, (double)(RedisValue)"1234.5");
            Assert.Equal(0.1, (double)(RedisValue)"0.1");
            Assert.Equal(-2.5e-10, (double)(RedisValue)(-2.5e-10));
            Assert.Equal("inf", ((RedisValue)double.PositiveInfinity).ToString());
            Assert.Equal("-inf", ((RedisValue)double.NegativeInfinity).ToString());
            Assert.Equal(double.PositiveInfinity, (double)(RedisValue)"inf");
            Assert.Throws<FormatException>(() => (double)(RedisValue)"1,5");
            Assert.Throws<FormatException>(() => (long)(RedisValue)"1.5");
            Assert.Equal(-7L, (long)(RedisValue)"-7");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Equality_compares_wire_bytes()
    {
        Assert.Equal((RedisValue)"12", (RedisValue)12);
        Assert.Equal((RedisValue)"12"u8.ToArray(), (RedisValue)"12");
        Assert.Equal(((RedisValue)"12").GetHashCode(), ((RedisValue)12).GetHashCode());
        Assert.True((RedisValue)"a" == (RedisValue)"a"u8.ToArray());
        Assert.True((RedisValue)"a" != (RedisValue)"b");
        Assert.NotEqual((RedisValue)"", RedisValue.Null);
        Assert.False(((RedisValue)"x").Equals((object)"x"));
        Assert.True(((RedisValue)"x").Equals((object)(RedisValue)"x"));
    }

    [Fact]
    public void A_non_number_says_so()
    {
        var e = Assert.Throws<FormatException>(() => ((RedisValue)"abc").ToInt64());
        Assert.Contains("abc", e.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ((RedisValue)"abc").ToDouble());
    }
}

public sealed class RedisKeyTests
{
    [Fact]
    public void Keys_from_text_bytes_slices_and_numbers()
    {
        Assert.Equal("k1"u8.ToArray(), ((RedisKey)"k1").ToArray());
        Assert.Equal(new byte[] { 0, 1, 2 }, ((RedisKey)new byte[] { 0, 1, 2 }).ToArray());
        Assert.Equal("bc"u8.ToArray(), ((RedisKey)new ReadOnlyMemory<byte>("abcd"u8.ToArray(), 1, 2)).ToArray());
        Assert.Equal("123"u8.ToArray(), ((RedisKey)123L).ToArray());
        Assert.Equal("123", ((RedisKey)123L).ToString());
    }

    [Fact]
    public void Equality_compares_bytes()
    {
        Assert.Equal((RedisKey)"123", (RedisKey)123L);
        Assert.Equal((RedisKey)"ab", (RedisKey)"ab"u8.ToArray());
        Assert.Equal((RedisKey)"bc", (RedisKey)new ReadOnlyMemory<byte>("abcd"u8.ToArray(), 1, 2));
        Assert.Equal(((RedisKey)"ab").GetHashCode(), ((RedisKey)"ab"u8.ToArray()).GetHashCode());
        Assert.True((RedisKey)"a" == (RedisKey)"a");
        Assert.True((RedisKey)"a" != (RedisKey)"b");
        Assert.NotEqual((RedisKey)"", default);
    }

    [Fact]
    public void Null_keys()
    {
        Assert.True(default(RedisKey).IsNull);
        Assert.True(((RedisKey)(string?)null).IsNull);
        Assert.True(((RedisKey)(byte[]?)null).IsNull);
        Assert.False(((RedisKey)"").IsNull);
        Assert.Empty(default(RedisKey).ToArray());
        Assert.True(((RedisKey)"k").AsValue() == (RedisValue)"k");
    }
}
