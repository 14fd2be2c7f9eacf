using System.Globalization;
using System.Text;

namespace RxRedis.Protocol;

/// <summary>
/// One RESP2 or RESP3 value as read from the wire. A small immutable struct: integers, doubles, booleans and
/// null allocate nothing; strings keep their exact bytes; aggregates hold their children.
/// </summary>
public readonly struct RespValue : IEquatable<RespValue>
{
    private readonly object? _payload;   // byte[] for string types, RespValue[] for aggregates, Attributed for values with attributes
    private readonly long _scalar;       // integer, boolean (0/1) or double bits; for a string, 0 or its slice (see Slice)

    private RespValue(RespType type, long scalar, object? payload)
    {
        Type = type;
        _scalar = scalar;
        _payload = payload;
    }

    /// <summary>The frame type.</summary>
    public RespType Type { get; }

    // The shared payload of "+OK" replies (see RespReader.MakeLeaf); never handed out, only copies of it.
    internal static readonly byte[] OkBytes = "OK"u8.ToArray();

    /// <summary>The RESP3 null (also what RESP2 <c>$-1</c> and <c>*-1</c> read as).</summary>
    public static RespValue Null => default;

    /// <summary>True for <see cref="RespType.Null"/>.</summary>
    public bool IsNull => Type == RespType.Null;

    /// <summary>True for simple and bulk errors.</summary>
    public bool IsError => Type is RespType.SimpleError or RespType.BulkError;

    /// <summary>True for arrays, sets, maps, pushes and attributes.</summary>
    public bool IsAggregate => Type is RespType.Array or RespType.Set or RespType.Map or RespType.Push or RespType.Attribute;

    /// <summary>Makes a string-like value (simple/bulk string, errors, big number, verbatim) over the given bytes.</summary>
    public static RespValue FromBytes(RespType type, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (type is not (RespType.SimpleString or RespType.SimpleError or RespType.BulkString or RespType.BulkError
            or RespType.BigNumber or RespType.VerbatimString))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Not a string-like RESP type.");
        }
        return new RespValue(type, 0, bytes);
    }

    /// <summary>
    /// A string-like value over <paramref name="length"/> (at least 1) bytes of <paramref name="buffer"/> from
    /// <paramref name="offset"/>: the reader shares one array among the strings of a small frame (see RespReader.Build).
    /// </summary>
    internal static RespValue Slice(RespType type, byte[] buffer, int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return new RespValue(type, ((long)offset << 32) | (uint)length, buffer);
    }

    // A string's bytes: a whole array, or the slice _scalar describes (offset << 32 | length).
    private ReadOnlySpan<byte> Payload => Unwrap() is byte[] bytes
        ? _scalar == 0 ? bytes : bytes.AsSpan((int)(_scalar >> 32), (int)(uint)_scalar)
        : ReadOnlySpan<byte>.Empty;

    /// <summary>
    /// True when this string is a slice of an array shared with the other strings of its frame: the array, and where
    /// in it <see cref="Span"/> lies, so a value can be made over it without a copy.
    /// </summary>
    internal bool TryGetSharedSlice(out byte[] array, out int offset, out int length)
    {
        if (_scalar == 0 || Unwrap() is not byte[] bytes)
        {
            (array, offset, length) = (null!, 0, 0);
            return false;
        }
        var skip = Type == RespType.VerbatimString && (int)(uint)_scalar >= 4 ? 4 : 0;
        (array, offset, length) = (bytes, (int)(_scalar >> 32) + skip, (int)(uint)_scalar - skip);
        return true;
    }

    /// <summary>Makes a simple string from UTF-8 text.</summary>
    public static RespValue SimpleString(string text) => FromBytes(RespType.SimpleString, Encoding.UTF8.GetBytes(text));

    /// <summary>Makes a bulk string over the given bytes.</summary>
    public static RespValue BulkString(byte[] bytes) => FromBytes(RespType.BulkString, bytes);

    /// <summary>Makes a simple error from its text, e.g. <c>ERR unknown command</c>.</summary>
    public static RespValue Error(string text) => FromBytes(RespType.SimpleError, Encoding.UTF8.GetBytes(text));

    /// <summary>Makes an integer.</summary>
    public static RespValue Integer(long value) => new(RespType.Integer, value, null);

    /// <summary>Makes a double.</summary>
    public static RespValue Double(double value) => new(RespType.Double, BitConverter.DoubleToInt64Bits(value), null);

    /// <summary>Makes a boolean.</summary>
    public static RespValue Boolean(bool value) => new(RespType.Boolean, value ? 1 : 0, null);

    /// <summary>Makes an aggregate (array, set, push, or map/attribute flattened as key, value, ...).</summary>
    public static RespValue Aggregate(RespType type, RespValue[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (type is not (RespType.Array or RespType.Set or RespType.Map or RespType.Push or RespType.Attribute))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Not an aggregate RESP type.");
        }
        if (type is RespType.Map or RespType.Attribute && items.Length % 2 != 0)
        {
            throw new ArgumentException("A map holds key/value pairs, so its flat item count must be even.", nameof(items));
        }
        return new RespValue(type, 0, items);
    }

    /// <summary>Returns this value carrying the attributes (an <see cref="RespType.Attribute"/> value) that preceded it.</summary>
    public RespValue WithAttributes(RespValue attributes)
    {
        if (attributes.Type != RespType.Attribute)
        {
            throw new ArgumentException("Expected an attribute value.", nameof(attributes));
        }
        return new RespValue(Type, _scalar, new Attributed(Unwrap(), attributes));
    }

    /// <summary>The attributes sent before this value, or <see cref="Null"/> when there were none.</summary>
    public RespValue Attributes => _payload is Attributed a ? a.Attributes : Null;

    private object? Unwrap() => _payload is Attributed a ? a.Payload : _payload;

    /// <summary>The integer value; also parses a bulk/simple string holding a decimal integer.</summary>
    public long AsInt64() => Type switch
    {
        RespType.Integer or RespType.Boolean => _scalar,
        RespType.BulkString or RespType.SimpleString or RespType.BigNumber when
            long.TryParse(Span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) => v,
        RespType.Double => checked((long)AsDouble()),
        _ => throw Unexpected("an integer"),
    };

    /// <summary>The double value; also parses integers and strings holding a number (<c>inf</c>, <c>-inf</c>, <c>nan</c> included).</summary>
    public double AsDouble() => Type switch
    {
        RespType.Double => BitConverter.Int64BitsToDouble(_scalar),
        RespType.Integer => _scalar,
        RespType.BulkString or RespType.SimpleString or RespType.BigNumber when RespNumbers.TryParseDouble(Span, out var d) => d,
        _ => throw Unexpected("a number"),
    };

    /// <summary>The boolean value; integers 0/1 (RESP2 style) are accepted too.</summary>
    public bool AsBoolean() => Type switch
    {
        RespType.Boolean or RespType.Integer => _scalar != 0,
        _ => throw Unexpected("a boolean"),
    };

    /// <summary>The exact bytes of a string-like value (for a verbatim string, without its <c>txt:</c> prefix).</summary>
    public ReadOnlySpan<byte> Span => Type == RespType.VerbatimString && Payload.Length >= 4 ? Payload[4..] : Payload;

    /// <summary>The bytes of a string-like value, or null for <see cref="RespType.Null"/>.</summary>
    public byte[]? AsBytes()
    {
        if (IsNull)
        {
            return null;
        }
        if (Unwrap() is byte[] bytes)
        {
            if (ReferenceEquals(bytes, OkBytes) || _scalar != 0)
            {
                return Span.ToArray(); // the shared payload of +OK, or a slice of a frame's shared array
            }
            return Type == RespType.VerbatimString && bytes.Length >= 4 ? bytes[4..] : bytes;
        }
        return Type switch
        {
            RespType.Integer => Encoding.ASCII.GetBytes(_scalar.ToString(CultureInfo.InvariantCulture)),
            RespType.Double => Encoding.ASCII.GetBytes(RespNumbers.FormatDouble(AsDouble())),
            _ => throw Unexpected("a string"),
        };
    }

    /// <summary>The raw payload bytes including a verbatim string's format prefix; empty for non-strings.</summary>
    public ReadOnlySpan<byte> RawSpan => Payload;

    /// <summary>A verbatim string's three-letter format (<c>txt</c>, <c>mkd</c>), else null.</summary>
    public string? VerbatimFormat => Type == RespType.VerbatimString && Payload.Length >= 3
        ? Encoding.ASCII.GetString(Payload[..3])
        : null;

    /// <summary>UTF-8 text of a string-like value, the decimal text of a number, or null for null.</summary>
    public string? AsString() => Type switch
    {
        RespType.Null => null,
        RespType.Integer => _scalar.ToString(CultureInfo.InvariantCulture),
        RespType.Double => RespNumbers.FormatDouble(AsDouble()),
        RespType.Boolean => _scalar != 0 ? "true" : "false",
        _ when Unwrap() is byte[] => Encoding.UTF8.GetString(Span),
        _ => throw Unexpected("a string"),
    };

    /// <summary>The children of an aggregate (a map's are flat: key, value, key, value, ...).</summary>
    public ReadOnlySpan<RespValue> Items => Unwrap() as RespValue[] ?? ReadOnlySpan<RespValue>.Empty;

    /// <summary>The children of an aggregate as an array, or null for <see cref="RespType.Null"/>.</summary>
    public RespValue[]? AsArray() => IsNull ? null : Unwrap() as RespValue[] ?? throw Unexpected("an aggregate");

    /// <summary>Number of children of an aggregate (pairs count twice for maps).</summary>
    public int Count => (Unwrap() as RespValue[])?.Length ?? 0;

    /// <summary>The child at <paramref name="index"/> of an aggregate.</summary>
    public RespValue this[int index] => Items[index];

    private InvalidCastException Unexpected(string wanted) =>
        new($"Expected {wanted} but the reply is {Type}{(IsError ? ": " + AsString() : "")}.");

    /// <inheritdoc />
    public bool Equals(RespValue other)
    {
        if (Type != other.Type || !Attributes.Equals0(other.Attributes))
        {
            return false;
        }
        return (Unwrap(), other.Unwrap()) switch
        {
            (byte[], byte[]) => Payload.SequenceEqual(other.Payload), // a slice equals a whole array of the same bytes
            (RespValue[] a, RespValue[] b) => a.AsSpan().SequenceEqual(b),
            (null, null) => _scalar == other._scalar,
            _ => false,
        };
    }

    private bool Equals0(RespValue other) => Type == RespType.Null ? other.Type == RespType.Null : Equals(other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RespValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Unwrap() is byte[] ? Payload.Length : _scalar, Count);

    /// <summary>Value equality.</summary>
    public static bool operator ==(RespValue left, RespValue right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(RespValue left, RespValue right) => !left.Equals(right);

    /// <summary>A short diagnostic rendering such as <c>BulkString("abc")</c> or <c>Array[3]</c>.</summary>
    public override string ToString() => Type switch
    {
        RespType.Null => "Null",
        RespType.Integer or RespType.Double or RespType.Boolean => $"{Type}({AsString()})",
        _ when IsAggregate => $"{Type}[{Count}]",
        _ => $"{Type}(\"{AsString()}\")",
    };

    private sealed record Attributed(object? Payload, RespValue Attributes);
}
