using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;

namespace RxRedis.Protocol;

/// <summary>
/// Encodes RESP straight into an <see cref="IBufferWriter{T}"/> with no intermediate buffers: commands as arrays
/// of bulk strings, and any <see cref="RespValue"/> in RESP3 form (for tests and fake servers).
/// </summary>
public static class RespWriter
{
    // Prefix, the 20 characters of long.MinValue, CRLF.
    private const int MaxHeaderLength = 1 + 20 + 2;

    // A double's longest "R" text is 24 bytes; leave room.
    private const int MaxDoubleLength = 32;

    // Encode long strings in pieces so the writer is never asked for one huge span.
    private const int Utf8ChunkLength = 4096;

    /// <summary>Writes <c>*count\r\n</c>, the header of a command or array of <paramref name="count"/> elements.</summary>
    public static void WriteArrayHeader(IBufferWriter<byte> writer, int count)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteHeader(writer, (byte)'*', count);
    }

    /// <summary>Writes the bytes as a bulk string: <c>$len\r\n</c>, the bytes, <c>\r\n</c>.</summary>
    public static void WriteBulkString(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteHeader(writer, (byte)'$', value.Length);
        writer.Write(value);
        WriteCrlf(writer);
    }

    /// <summary>Writes the UTF-8 encoding of <paramref name="value"/> as a bulk string, encoding into the writer.</summary>
    public static void WriteBulkString(IBufferWriter<byte> writer, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var remaining = Encoding.UTF8.GetByteCount(value);
        WriteHeader(writer, (byte)'$', remaining);
        var source = value.AsSpan();
        while (!source.IsEmpty)
        {
            // At least 4 bytes so that every step encodes one whole code point; lone surrogates become U+FFFD,
            // as Encoding.UTF8.GetByteCount counted them.
            var span = writer.GetSpan(Math.Clamp(remaining, 4, Utf8ChunkLength));
            Utf8.FromUtf16(source, span, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            writer.Advance(written);
            source = source[read..];
            remaining -= written;
        }
        WriteCrlf(writer);
    }

    /// <summary>Writes the decimal text of <paramref name="value"/> as a bulk string.</summary>
    public static void WriteBulkString(IBufferWriter<byte> writer, long value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> text = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, text, out var length);
        WriteBulkString(writer, text[..length]);
    }

    /// <summary>
    /// Writes <paramref name="value"/> as a bulk string in the form Redis parses: invariant culture, shortest
    /// round-trip digits, and <c>inf</c>, <c>-inf</c>, <c>nan</c> for the special values.
    /// </summary>
    public static void WriteBulkString(IBufferWriter<byte> writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> text = stackalloc byte[MaxDoubleLength];
        WriteBulkString(writer, text[..RespNumbers.FormatDouble(value, text)]);
    }

    /// <summary>Writes a command: an array of its parts as UTF-8 bulk strings, e.g. <c>HELLO 3</c>.</summary>
    public static void WriteCommand(IBufferWriter<byte> writer, params ReadOnlySpan<string> parts)
    {
        WriteArrayHeader(writer, parts.Length);
        foreach (var part in parts)
        {
            WriteBulkString(writer, part);
        }
    }

    /// <summary>
    /// Writes any value in RESP3 form, its attributes (if any) first: nulls as <c>_</c>, maps and attributes with
    /// their pair count, verbatim strings with their format prefix.
    /// </summary>
    /// <exception cref="ArgumentException">A simple string, simple error or big number holds CR or LF.</exception>
    public static void WriteValue(IBufferWriter<byte> writer, RespValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!value.Attributes.IsNull)
        {
            WriteAggregate(writer, value.Attributes);
        }
        switch (value.Type)
        {
            case RespType.Null:
                writer.Write("_\r\n"u8);
                break;
            case RespType.SimpleString:
                WriteLine(writer, (byte)'+', value.RawSpan);
                break;
            case RespType.SimpleError:
                WriteLine(writer, (byte)'-', value.RawSpan);
                break;
            case RespType.BigNumber:
                WriteLine(writer, (byte)'(', value.RawSpan);
                break;
            case RespType.Integer:
                WriteHeader(writer, (byte)':', value.AsInt64());
                break;
            case RespType.Double:
                Span<byte> text = stackalloc byte[MaxDoubleLength];
                WriteLine(writer, (byte)',', text[..RespNumbers.FormatDouble(value.AsDouble(), text)]);
                break;
            case RespType.Boolean:
                writer.Write(value.AsBoolean() ? "#t\r\n"u8 : "#f\r\n"u8);
                break;
            case RespType.BulkString:
                WriteLengthPrefixed(writer, (byte)'$', value.RawSpan);
                break;
            case RespType.BulkError:
                WriteLengthPrefixed(writer, (byte)'!', value.RawSpan);
                break;
            case RespType.VerbatimString:
                WriteLengthPrefixed(writer, (byte)'=', value.RawSpan);
                break;
            default:
                WriteAggregate(writer, value);
                break;
        }
    }

    // Recursive: values written here are built in memory by the caller, not received from a peer.
    private static void WriteAggregate(IBufferWriter<byte> writer, RespValue value)
    {
        var (prefix, count) = value.Type switch
        {
            RespType.Array => ((byte)'*', value.Count),
            RespType.Set => ((byte)'~', value.Count),
            RespType.Push => ((byte)'>', value.Count),
            RespType.Map => ((byte)'%', value.Count / 2),
            _ => ((byte)'|', value.Count / 2),
        };
        WriteHeader(writer, prefix, count);
        foreach (var item in value.Items)
        {
            WriteValue(writer, item);
        }
    }

    private static void WriteLine(IBufferWriter<byte> writer, byte prefix, ReadOnlySpan<byte> line)
    {
        if (line.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            throw new ArgumentException("A RESP line cannot hold CR or LF; use a bulk string.", nameof(line));
        }
        writer.GetSpan(1)[0] = prefix;
        writer.Advance(1);
        writer.Write(line);
        WriteCrlf(writer);
    }

    private static void WriteLengthPrefixed(IBufferWriter<byte> writer, byte prefix, ReadOnlySpan<byte> payload)
    {
        WriteHeader(writer, prefix, payload.Length);
        writer.Write(payload);
        WriteCrlf(writer);
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte prefix, long number)
    {
        var span = writer.GetSpan(MaxHeaderLength);
        span[0] = prefix;
        Utf8Formatter.TryFormat(number, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        writer.Advance(3 + written);
    }

    private static void WriteCrlf(IBufferWriter<byte> writer) => writer.Write("\r\n"u8);
}
