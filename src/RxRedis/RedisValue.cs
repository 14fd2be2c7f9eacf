using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using RxRedis.Protocol;

namespace RxRedis;

/// <summary>
/// A value sent to or read from Redis: text (UTF-8), exact bytes, or a number written in invariant culture.
/// Binary data round-trips exactly. <c>default</c> is the null value (a missing key).
/// Serialised by System.Text.Json with <see cref="Json.RedisValueJsonConverter"/> (text when valid UTF-8, base64 otherwise).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.RedisValueJsonConverter))]
public readonly struct RedisValue : IEquatable<RedisValue>
{
    private readonly object? _obj;   // string, or byte[] (whole, or a slice described by _num)
    private readonly long _num;      // integer, double bits, or (offset << 32 | length) of a byte[] slice
    private readonly Kind _kind;

    private enum Kind : byte { Null, Text, Bytes, Slice, Int64, Double }

    private RedisValue(Kind kind, object? obj, long num)
    {
        _kind = kind;
        _obj = obj;
        _num = num;
    }

    /// <summary>The null value: what <c>GET</c> returns for a missing key.</summary>
    public static RedisValue Null => default;

    /// <summary>True when this is the null value.</summary>
    public bool IsNull => _kind == Kind.Null;

    /// <summary>A value holding UTF-8 text; a null string gives <see cref="Null"/>.</summary>
    public static implicit operator RedisValue(string? text) => text is null ? Null : new(Kind.Text, text, 0);

    /// <summary>A value holding exactly these bytes (not copied; do not change them while a command uses them); null gives <see cref="Null"/>.</summary>
    public static implicit operator RedisValue(byte[]? bytes) => bytes is null ? Null : new(Kind.Bytes, bytes, 0);

    /// <summary>A value holding exactly these bytes (not copied when array-backed).</summary>
    public static implicit operator RedisValue(ReadOnlyMemory<byte> bytes) => FromMemory(bytes);

    /// <summary>A value holding a 64-bit integer, written as decimal text.</summary>
    public static implicit operator RedisValue(long value) => new(Kind.Int64, null, value);

    /// <summary>A value holding a 32-bit integer, written as decimal text.</summary>
    public static implicit operator RedisValue(int value) => new(Kind.Int64, null, value);

    /// <summary>A value holding a double, written in invariant culture (<c>inf</c>, <c>-inf</c> for infinities).</summary>
    public static implicit operator RedisValue(double value) => new(Kind.Double, null, BitConverter.DoubleToInt64Bits(value));

    /// <summary>The value as UTF-8 text, or null for <see cref="Null"/>.</summary>
    public static explicit operator string?(RedisValue value) => value.IsNull ? null : value.ToString();

    /// <summary>The value's bytes (a copy unless it was made from a whole array), or null for <see cref="Null"/>.</summary>
    public static explicit operator byte[]?(RedisValue value) => value.ToArray();

    /// <summary>The value parsed as a 64-bit integer.</summary>
    public static explicit operator long(RedisValue value) => value.ToInt64();

    /// <summary>The value parsed as a double.</summary>
    public static explicit operator double(RedisValue value) => value.ToDouble();

    /// <summary>Wraps the given bytes, without copying when they are array-backed.</summary>
    public static RedisValue FromMemory(ReadOnlyMemory<byte> bytes)
    {
        if (MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Array is { } array)
        {
            return segment.Offset == 0 && segment.Count == array.Length
                ? new RedisValue(Kind.Bytes, array, 0)
                : new RedisValue(Kind.Slice, array, ((long)segment.Offset << 32) | (uint)segment.Count);
        }
        return new RedisValue(Kind.Bytes, bytes.ToArray(), 0);
    }

    /// <summary>Converts a reply to a value: strings keep their bytes, numbers their text, null stays null.</summary>
    public static RedisValue FromResp(in RespValue reply) => reply.Type switch
    {
        RespType.Null => Null,
        RespType.Integer => reply.AsInt64(),
        RespType.Double => reply.AsDouble(),
        RespType.Boolean => reply.AsBoolean() ? 1 : 0,
        _ when reply.IsAggregate => throw new InvalidCastException($"Expected a single value but the reply is {reply.Type}."),
        _ when reply.TryGetSharedSlice(out var array, out var offset, out var length) => new RedisValue(Kind.Slice, array, ((long)offset << 32) | (uint)length),
        _ => reply.AsBytes(),
    };

    /// <summary>True when the value holds text or bytes (as opposed to a number or null).</summary>
    public bool HasBytes => _kind is Kind.Text or Kind.Bytes or Kind.Slice;

    /// <summary>The number of bytes this value occupies on the wire.</summary>
    public int ByteLength => _kind switch
    {
        Kind.Null => 0,
        Kind.Text => Encoding.UTF8.GetByteCount((string)_obj!),
        Kind.Bytes => ((byte[])_obj!).Length,
        Kind.Slice => (int)(uint)_num,
        _ => FormatNumber().Length,
    };

    /// <summary>Whether the value takes more than <paramref name="bytes"/> bytes on the wire, without encoding text that cannot.</summary>
    internal bool IsLongerThan(long bytes) => _kind switch
    {
        Kind.Text when (((string)_obj!).Length + 1L) * 3 <= bytes => false, // UTF-8's most bytes per char, as GetMaxByteCount counts them
        Kind.Null or Kind.Text or Kind.Bytes or Kind.Slice => ByteLength > bytes,
        _ => false, // a number is at most a few dozen bytes
    };

    /// <summary>Writes the value as a RESP bulk string.</summary>
    internal void WriteTo(IBufferWriter<byte> writer)
    {
        switch (_kind)
        {
            case Kind.Text:
                RespWriter.WriteBulkString(writer, (string)_obj!);
                break;
            case Kind.Bytes:
                RespWriter.WriteBulkString(writer, (byte[])_obj!);
                break;
            case Kind.Slice:
                RespWriter.WriteBulkString(writer, SliceSpan());
                break;
            case Kind.Int64:
                RespWriter.WriteBulkString(writer, _num);
                break;
            case Kind.Double:
                RespWriter.WriteBulkString(writer, BitConverter.Int64BitsToDouble(_num));
                break;
            default:
                throw new InvalidOperationException("A null value cannot be sent to Redis.");
        }
    }

    /// <summary>The cluster hash slot of this value used as a key, without copying bytes it already holds.</summary>
    internal int HashSlot()
    {
        switch (_kind)
        {
            case Kind.Bytes:
                return Cluster.HashSlot.Of((byte[])_obj!);
            case Kind.Slice:
                return Cluster.HashSlot.Of(SliceSpan());
            case Kind.Text when Encoding.UTF8.GetMaxByteCount(((string)_obj!).Length) <= 256:
                Span<byte> utf8 = stackalloc byte[256];
                return Cluster.HashSlot.Of(utf8[..Encoding.UTF8.GetBytes((string)_obj!, utf8)]);
            default:
                return Cluster.HashSlot.Of(ToArray());
        }
    }

    private ReadOnlySpan<byte> SliceSpan() => ((byte[])_obj!).AsSpan((int)(_num >> 32), (int)(uint)_num);

    /// <summary>The value's bytes, or null for <see cref="Null"/>.</summary>
    public byte[]? ToArray() => _kind switch
    {
        Kind.Null => null,
        Kind.Bytes => (byte[])_obj!,
        Kind.Slice => SliceSpan().ToArray(),
        Kind.Text => Encoding.UTF8.GetBytes((string)_obj!),
        _ => Encoding.ASCII.GetBytes(FormatNumber()),
    };

    /// <summary>The value as UTF-8 text (numbers in invariant culture); empty for <see cref="Null"/>.</summary>
    public override string ToString() => _kind switch
    {
        Kind.Null => string.Empty,
        Kind.Text => (string)_obj!,
        Kind.Bytes => Encoding.UTF8.GetString((byte[])_obj!),
        Kind.Slice => Encoding.UTF8.GetString(SliceSpan()),
        _ => FormatNumber(),
    };

    /// <summary>Parses the value as a 64-bit integer.</summary>
    /// <exception cref="FormatException">The value is not a decimal integer.</exception>
    public long ToInt64()
    {
        if (_kind == Kind.Int64)
        {
            return _num;
        }
        var text = ToString();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"The value is not an integer: \"{Truncate(text)}\".");
    }

    /// <summary>Parses the value as a double (<c>inf</c>, <c>-inf</c> and <c>nan</c> included).</summary>
    /// <exception cref="FormatException">The value is not a number.</exception>
    public double ToDouble()
    {
        if (_kind == Kind.Double)
        {
            return BitConverter.Int64BitsToDouble(_num);
        }
        if (_kind == Kind.Int64)
        {
            return _num;
        }
        var bytes = ToArray() ?? [];
        return RespNumbers.TryParseDouble(bytes, out var value)
            ? value
            : throw new FormatException($"The value is not a number: \"{Truncate(ToString())}\".");
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "...");

    private string FormatNumber() => _kind == Kind.Int64
        ? _num.ToString(CultureInfo.InvariantCulture)
        : RespNumbers.FormatDouble(BitConverter.Int64BitsToDouble(_num));

    /// <summary>Equal when both are null, or both hold the same bytes on the wire.</summary>
    public bool Equals(RedisValue other)
    {
        if (IsNull || other.IsNull)
        {
            return IsNull && other.IsNull;
        }
        if (_kind == other._kind && _kind is Kind.Int64 or Kind.Double)
        {
            return _num == other._num;
        }
        return (ToArray() ?? []).AsSpan().SequenceEqual(other.ToArray());
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RedisValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(ToArray() ?? []);
        return hash.ToHashCode();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(RedisValue left, RedisValue right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(RedisValue left, RedisValue right) => !left.Equals(right);
}
