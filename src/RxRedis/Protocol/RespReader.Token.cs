using System.Buffers;

namespace RxRedis.Protocol;

/// <content>Validating one token: a line, a length-prefixed string, or an aggregate header.</content>
public sealed partial class RespReader
{
    // Numbers, doubles, booleans, nulls and length headers are short; a longer line is rejected early instead of
    // buffering up to MaxBulkLength. Redis' longest double ("-1.7976931348623157e+308") is 24 bytes.
    private const int MaxShortLine = 64;

    // The greatest number of decimal digits that cannot overflow a ulong while accumulating.
    private const int MaxDigits = 19;

    private static readonly SearchValues<byte> DoubleBytes = SearchValues.Create("0123456789+-.eE"u8);

    /// <summary>
    /// Reads the token starting at <paramref name="start"/>. Returns false when its bytes have not all arrived;
    /// throws when they can no longer form a valid token. <paramref name="searched"/> remembers, across calls, how
    /// far a long line was already searched for its CR.
    /// </summary>
    private bool TryReadToken(ref FrameBytes bytes, long start, ref long searched, out Token token)
    {
        token = default;
        if (start >= bytes.Length)
        {
            return false;
        }
        token.Start = start;
        token.Prefix = bytes[start];
        var content = start + 1;
        long end;
        if (token.Prefix is (byte)'+' or (byte)'-' or (byte)'(')
        {
            if (!TryFindLineEnd(ref bytes, content, _options.MaxBulkLength, ref searched, out end))
            {
                return false;
            }
            token.PayloadStart = content;
            token.PayloadLength = (int)(end - content);
            if (token.Prefix == (byte)'(')
            {
                ValidateBigNumber(ref bytes, content, end);
            }
            token.End = end + 2;
            return true;
        }
        if (token.Prefix is not ((byte)':' or (byte)',' or (byte)'#' or (byte)'_' or (byte)'$' or (byte)'!' or (byte)'='
            or (byte)'*' or (byte)'%' or (byte)'~' or (byte)'|' or (byte)'>'))
        {
            throw new RespProtocolException(
                $"unknown type prefix 0x{token.Prefix:X2}{(token.Prefix is >= 0x20 and < 0x7F ? $" ('{(char)token.Prefix}')" : "")}",
                start);
        }
        if (!TryFindLineEnd(ref bytes, content, MaxShortLine, ref searched, out end))
        {
            return false;
        }
        var length = (int)(end - content);
        Span<byte> scratch = stackalloc byte[MaxShortLine];
        ReadOnlySpan<byte> line = scratch[..length];
        if (bytes.TryGetSpan(content, length, out var direct))
        {
            line = direct;
        }
        else
        {
            bytes.CopyTo(content, scratch[..length]);
        }
        switch (token.Prefix)
        {
            case (byte)'$' or (byte)'!' or (byte)'=':
                return TryReadString(ref bytes, ref token, ParseLength(line, content), end + 2);
            case (byte)'*' or (byte)'%' or (byte)'~' or (byte)'|' or (byte)'>':
                ReadAggregateHeader(ref token, ParseLength(line, content));
                break;
            default:
                ParseShortLine(ref token, line);
                break;
        }
        token.End = end + 2;
        return true;
    }

    private bool TryReadString(ref FrameBytes bytes, ref Token token, long length, long payloadStart)
    {
        if (length == -1 && token.Prefix == (byte)'$')
        {
            token.IsNull = true;
            token.End = payloadStart;
            return true;
        }
        if (length < 0)
        {
            throw new RespProtocolException($"negative length {length}", token.Start + 1);
        }
        if (length > _options.MaxBulkLength)
        {
            throw new RespProtocolException($"string of {length} bytes exceeds MaxBulkLength ({_options.MaxBulkLength})", token.Start + 1);
        }
        if (token.Prefix == (byte)'=')
        {
            if (length < 4)
            {
                throw new RespProtocolException("verbatim string shorter than its \"fmt:\" prefix", token.Start + 1);
            }
            if (bytes.Length > payloadStart + 3 && bytes[payloadStart + 3] != (byte)':')
            {
                throw new RespProtocolException("verbatim string without ':' after its three-byte format", payloadStart + 3);
            }
        }
        var trailer = payloadStart + length;
        if ((bytes.Length > trailer && bytes[trailer] != (byte)'\r') ||
            (bytes.Length > trailer + 1 && bytes[trailer + 1] != (byte)'\n'))
        {
            throw new RespProtocolException($"string of declared length {length} is not followed by CRLF", trailer);
        }
        if (bytes.Length < trailer + 2)
        {
            return false;
        }
        token.PayloadStart = payloadStart;
        token.PayloadLength = (int)length;
        token.End = trailer + 2;
        return true;
    }

    private void ReadAggregateHeader(ref Token token, long count)
    {
        if (count == -1 && token.Prefix == (byte)'*')
        {
            token.IsNull = true;
            return;
        }
        if (count < 0)
        {
            throw new RespProtocolException($"negative count {count}", token.Start + 1);
        }
        if (count > _options.MaxAggregateLength)
        {
            throw new RespProtocolException($"aggregate of {count} elements exceeds MaxAggregateLength ({_options.MaxAggregateLength})", token.Start + 1);
        }
        token.Count = token.Prefix switch
        {
            (byte)'%' => (int)count * 2,
            (byte)'|' => ((int)count * 2) + 1,   // the pairs, then the value they annotate
            _ => (int)count,
        };
    }

    private static void ParseShortLine(ref Token token, ReadOnlySpan<byte> line)
    {
        var offset = token.Start + 1;
        switch (token.Prefix)
        {
            case (byte)':':
                token.Integer = ParseInteger(line, offset);
                break;
            case (byte)',':
                token.Double = ParseDouble(line, offset);
                break;
            case (byte)'#':
                token.Integer = line.SequenceEqual("t"u8) ? 1
                    : line.SequenceEqual("f"u8) ? 0
                    : throw new RespProtocolException("a boolean must be 't' or 'f'", offset);
                break;
            default:
                if (!line.IsEmpty)
                {
                    throw new RespProtocolException("a null ('_') carries no data", offset);
                }
                token.IsNull = true;
                break;
        }
    }

    // Lengths and counts: decimal digits, or -1 for a RESP2 null. Streamed RESP3 strings and aggregates ("$?",
    // "*?") are never sent by Redis, so they are rejected rather than half supported.
    private static long ParseLength(ReadOnlySpan<byte> text, long offset)
    {
        if (text.IsEmpty)
        {
            throw new RespProtocolException("empty length", offset);
        }
        if (text[0] == (byte)'?')
        {
            throw new RespProtocolException("streamed ('?' length) strings and aggregates are not supported", offset);
        }
        if (text[0] == (byte)'-')
        {
            return text.SequenceEqual("-1"u8) ? -1 : throw new RespProtocolException("negative length other than -1", offset);
        }
        if (text.Length > MaxDigits)
        {
            throw new RespProtocolException("length too large", offset);
        }
        return (long)ParseDigits(text, offset);
    }

    private static long ParseInteger(ReadOnlySpan<byte> text, long offset)
    {
        var negative = !text.IsEmpty && text[0] == (byte)'-';
        var digits = !text.IsEmpty && text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        if (digits.IsEmpty || digits.Length > MaxDigits)
        {
            throw new RespProtocolException("an integer needs 1 to 19 digits", offset);
        }
        var magnitude = ParseDigits(digits, offset + text.Length - digits.Length);
        if (magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            throw new RespProtocolException("integer outside the 64-bit range", offset);
        }
        return negative ? unchecked(-(long)magnitude) : (long)magnitude;
    }

    private static ulong ParseDigits(ReadOnlySpan<byte> digits, long offset)
    {
        if (digits.IsEmpty)
        {
            throw new RespProtocolException("missing digits", offset);
        }
        ulong value = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = (uint)(digits[i] - '0');
            if (digit > 9)
            {
                throw new RespProtocolException($"expected a digit, got 0x{digits[i]:X2}", offset + i);
            }
            value = (value * 10) + digit;
        }
        return value;
    }

    private static double ParseDouble(ReadOnlySpan<byte> text, long offset)
    {
        // double.TryParse alone would also accept white space, "Infinity" and "∞"; RESP allows only these bytes.
        var plain = text.IndexOfAnyExcept(DoubleBytes) < 0;
        if ((plain || text.SequenceEqual("inf"u8) || text.SequenceEqual("-inf"u8) || text.SequenceEqual("+inf"u8)
                || text.SequenceEqual("nan"u8) || text.SequenceEqual("-nan"u8))
            && RespNumbers.TryParseDouble(text, out var value))
        {
            return value;
        }
        throw new RespProtocolException("not a double", offset);
    }

    private static void ValidateBigNumber(ref FrameBytes bytes, long start, long end)
    {
        var first = start < end && bytes[start] is (byte)'-' or (byte)'+' ? start + 1 : start;
        if (first == end)
        {
            throw new RespProtocolException("a big number needs at least one digit", start);
        }
        for (var i = first; i < end; i++)
        {
            if (bytes[i] is < (byte)'0' or > (byte)'9')
            {
                throw new RespProtocolException("a big number holds only decimal digits after its sign", i);
            }
        }
    }

    // Finds the CR ending the line that starts at content; false if not yet received. Lines may not hold CR or LF.
    private static bool TryFindLineEnd(ref FrameBytes bytes, long content, long maxLength, ref long searched, out long cr)
    {
        cr = -1;
        var last = content + maxLength;   // the furthest the CR may be
        var to = Math.Min(bytes.Length, last + 1);
        var found = bytes.IndexOfLineEnd(Math.Max(searched, content), to);
        if (found < 0)
        {
            if (bytes.Length > last)
            {
                throw new RespProtocolException($"line longer than {maxLength} bytes", content);
            }
            searched = to;
            return false;
        }
        if (bytes[found] == (byte)'\n')
        {
            throw new RespProtocolException("LF without CR", found);
        }
        if (found + 1 == bytes.Length)
        {
            searched = found;
            return false;
        }
        if (bytes[found + 1] != (byte)'\n')
        {
            throw new RespProtocolException("CR not followed by LF", found + 1);
        }
        cr = found;
        return true;
    }

    /// <summary>One token as validated: where it lies and what its header said.</summary>
    private struct Token
    {
        public byte Prefix;
        public long Start;          // frame offset of the prefix byte
        public long End;            // frame offset just after the token's final CRLF
        public long PayloadStart;   // first byte of a string's content
        public int PayloadLength;
        public int Count;           // children still to come: 2n for maps, 2n+1 for attributes (pairs then value)
        public bool IsNull;         // _, $-1 or *-1
        public long Integer;        // ':' value, or 1/0 for '#'
        public double Double;       // ',' value
    }
}
