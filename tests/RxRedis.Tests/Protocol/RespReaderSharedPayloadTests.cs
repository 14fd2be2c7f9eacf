using System.Buffers;
using System.Text;
using RxRedis.Protocol;

namespace RxRedis.Tests.Protocol;

/// <summary>
/// The strings of a small aggregate frame share one array, each a slice of it (issue 17: one allocation per frame,
/// not per string). What a caller sees must not change: the same bytes, value equality with unshared values, copies
/// from <see cref="RespValue.AsBytes"/>, and frames fed in pieces or too large to share read as before.
/// </summary>
public sealed class RespReaderSharedPayloadTests
{
    private const string Mixed = "*5\r\n$3\r\nabc\r\n+hi!\r\n=8\r\ntxt:wxyz\r\n+OK\r\n*1\r\n-ERR no\r\n";

    private static RespValue ReadWhole(string frame)
    {
        var reader = new RespReader();
        Assert.True(reader.TryRead(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(frame)), out var value, out _));
        return value;
    }

    private static void AssertMixed(RespValue value)
    {
        var items = value.AsArray()!;
        Assert.Equal("abc", items[0].AsString());
        Assert.Equal(RespType.SimpleString, items[1].Type);
        Assert.Equal("hi!", items[1].AsString());
        Assert.Equal(RespType.VerbatimString, items[2].Type);
        Assert.Equal("txt", items[2].VerbatimFormat);
        Assert.Equal("wxyz", Encoding.ASCII.GetString(items[2].Span));
        Assert.Equal("txt:wxyz", Encoding.ASCII.GetString(items[2].RawSpan));
        Assert.Equal("OK", items[3].AsString());
        Assert.Equal(RespType.SimpleError, items[4][0].Type);
        Assert.Equal("ERR no", items[4][0].AsString());
    }

    [Fact]
    public void The_strings_of_a_small_frame_are_slices_of_one_array_and_read_as_before()
    {
        var value = ReadWhole(Mixed);

        AssertMixed(value);
        var items = value.AsArray()!;
        Assert.True(items[0].TryGetSharedSlice(out var shared, out _, out _));
        Assert.True(items[4][0].TryGetSharedSlice(out var nested, out _, out _));
        Assert.Same(shared, nested);
        Assert.True(items[2].TryGetSharedSlice(out _, out var offset, out var length));
        Assert.Equal("wxyz", Encoding.ASCII.GetString(shared, offset, length)); // a verbatim slice skips "txt:"
        Assert.False(items[3].TryGetSharedSlice(out _, out _, out _));          // +OK keeps its one shared payload
    }

    [Fact]
    public void A_slice_equals_and_hashes_as_an_unshared_value_of_the_same_bytes()
    {
        var slice = ReadWhole(Mixed)[0];
        var whole = RespValue.BulkString("abc"u8.ToArray());

        Assert.Equal(whole, slice);
        Assert.Equal(slice, whole);
        Assert.Equal(whole.GetHashCode(), slice.GetHashCode());
        Assert.NotEqual(RespValue.BulkString("abd"u8.ToArray()), slice);
        Assert.Equal(ReadWhole(Mixed), ReadWhole(Mixed));
    }

    [Fact]
    public void AsBytes_of_a_slice_is_a_copy_so_changing_it_changes_no_other_value()
    {
        var value = ReadWhole(Mixed);
        var bytes = value[0].AsBytes()!;

        Array.Fill(bytes, (byte)'z');

        AssertMixed(value);
        Assert.Equal("abc", value[0].AsString());
    }

    [Fact]
    public void A_frame_fed_one_byte_at_a_time_shares_an_array_that_fits_its_strings()
    {
        var bytes = Encoding.ASCII.GetBytes(Mixed);
        var reader = new RespReader();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(reader.TryRead(new ReadOnlySequence<byte>(bytes, 0, length), out _, out _));
        }
        Assert.True(reader.TryRead(Sequences.OneBytePerSegment(bytes), out var value, out _));

        AssertMixed(value);
        Assert.True(value[0].TryGetSharedSlice(out var shared, out _, out _));
        Assert.Equal("abchi!txt:wxyzOKERR no".Length, shared.Length); // each string counted once across the resumed scans
    }

    [Fact]
    public void The_strings_of_a_large_frame_keep_arrays_of_their_own()
    {
        var big = new string('x', 3000);
        var value = ReadWhole($"*2\r\n$3000\r\n{big}\r\n$3000\r\n{big}\r\n");

        Assert.Equal(big, value[0].AsString());
        Assert.Equal(big, value[1].AsString());
        Assert.False(value[0].TryGetSharedSlice(out _, out _, out _)); // one kept value must not hold the whole reply
        Assert.False(value[1].TryGetSharedSlice(out _, out _, out _));
    }

    [Fact]
    public void Values_and_keys_made_from_a_shared_slice_read_its_bytes_only()
    {
        var value = ReadWhole(Mixed);

        var fromResp = RedisValue.FromResp(value[1]);
        var key = RedisKey.FromResp(value[0]);

        Assert.Equal("hi!", fromResp.ToString());
        Assert.Equal("hi!"u8.ToArray(), (byte[]?)fromResp);
        Assert.Equal("wxyz", RedisValue.FromResp(value[2]).ToString());
        Assert.Equal((RedisKey)"abc", key);
    }
}
