using System.Diagnostics;

namespace RxRedis.Protocol;

/// <content>Materializing a frame that the scan found complete and valid.</content>
public sealed partial class RespReader
{
    private BuildLevel[]? _building;   // aggregates being filled, innermost last; reused across frames

    // The strings of an aggregate frame of up to this many payload bytes share one array, each a slice of it: one
    // allocation instead of one per string (issue 17: MGET of 100 keys allocated 11.5 KB, twice SE.Redis, a third of
    // it array headers). Larger frames keep an array per string, so a value kept from a big reply does not keep the
    // rest of it alive for long; this bounds what one kept value can hold.
    private const int SharedPayloadLimit = 4096;

    // Second pass over a complete, validated frame: every token is present, so arrays are sized from counts
    // whose elements have all arrived. Iterative, with depth bounded by MaxDepth as in the scan.
    private RespValue Build(ref FrameBytes bytes)
    {
        _building ??= new BuildLevel[_options.MaxDepth];
        var shared = new SharedPayload(_stringBytes is > 0 and <= SharedPayloadLimit ? new byte[_stringBytes] : null);
        long position = 0;
        long searched = 0;
        var depth = 0;
        while (true)
        {
            var complete = TryReadToken(ref bytes, position, ref searched, out var token);
            Debug.Assert(complete, "The scan found the whole frame.");
            position = token.End;
            if (token.Count > 0)
            {
                var items = token.Prefix == (byte)'|' ? token.Count - 1 : token.Count;
                _building[depth++] = new BuildLevel(AggregateType(token.Prefix), new RespValue[items]);
                continue;
            }
            var value = shared.Buffer is not null && IsSharable(in token) ? shared.Take(ref bytes, in token) : MakeLeaf(ref bytes, in token);
            while (true)
            {
                if (depth == 0)
                {
                    return value;
                }
                ref var level = ref _building[depth - 1];
                if (level.Filled == level.Items.Length)
                {
                    // An attribute level whose pairs are all read: this value is the one they annotate.
                    value = value.WithAttributes(RespValue.Aggregate(RespType.Attribute, level.Items));
                }
                else
                {
                    level.Items[level.Filled++] = value;
                    if (level.Filled < level.Items.Length || level.Type == RespType.Attribute)
                    {
                        break;
                    }
                    value = RespValue.Aggregate(level.Type, level.Items);
                }
                level = default;   // drop the reference so the reader does not keep the reply alive
                depth--;
            }
        }
    }

    // A value made of one token: any scalar or string, a null, or an empty aggregate.
    private static RespValue MakeLeaf(ref FrameBytes bytes, in Token token) => token.Prefix switch
    {
        _ when token.IsNull => RespValue.Null,
        (byte)':' => RespValue.Integer(token.Integer),
        (byte)'#' => RespValue.Boolean(token.Integer != 0),
        (byte)',' => RespValue.Double(token.Double),
        (byte)'+' => RespValue.FromBytes(RespType.SimpleString, IsOk(ref bytes, in token) ? RespValue.OkBytes : Copy(ref bytes, in token)),
        (byte)'-' => RespValue.FromBytes(RespType.SimpleError, Copy(ref bytes, in token)),
        (byte)'(' => RespValue.FromBytes(RespType.BigNumber, Copy(ref bytes, in token)),
        (byte)'$' => RespValue.FromBytes(RespType.BulkString, Copy(ref bytes, in token)),
        (byte)'!' => RespValue.FromBytes(RespType.BulkError, Copy(ref bytes, in token)),
        (byte)'=' => RespValue.FromBytes(RespType.VerbatimString, Copy(ref bytes, in token)),
        _ => RespValue.Aggregate(AggregateType(token.Prefix), []),
    };

    // "+OK" is the reply to most writes (SET, MSET, ...): share one payload instead of allocating 32 bytes per reply.
    // RespValue.AsBytes hands out a copy of it, so no caller can change the shared bytes.
    private static bool IsOk(ref FrameBytes bytes, in Token token) =>
        token.PayloadLength == 2 && bytes[token.PayloadStart] == (byte)'O' && bytes[token.PayloadStart + 1] == (byte)'K';

    private static byte[] Copy(ref FrameBytes bytes, in Token token)
    {
        if (token.PayloadLength == 0)
        {
            return [];
        }
        var payload = new byte[token.PayloadLength];
        bytes.CopyTo(token.PayloadStart, payload);
        return payload;
    }

    // A string leaf with bytes, other than the shared "+OK".
    private static bool IsSharable(in Token token) =>
        !token.IsNull && token.PayloadLength > 0 && token.Prefix is (byte)'$' or (byte)'+' or (byte)'-' or (byte)'(' or (byte)'!' or (byte)'='
        && !(token.Prefix == (byte)'+' && token.PayloadLength == 2);

    // One frame's strings, copied one after another into one array.
    private struct SharedPayload(byte[]? buffer)
    {
        private int _filled;

        public readonly byte[]? Buffer => buffer;

        public RespValue Take(ref FrameBytes bytes, in Token token)
        {
            var type = token.Prefix switch
            {
                (byte)'$' => RespType.BulkString,
                (byte)'+' => RespType.SimpleString,
                (byte)'-' => RespType.SimpleError,
                (byte)'(' => RespType.BigNumber,
                (byte)'!' => RespType.BulkError,
                _ => RespType.VerbatimString,
            };
            bytes.CopyTo(token.PayloadStart, buffer.AsSpan(_filled, token.PayloadLength));
            var value = RespValue.Slice(type, buffer!, _filled, token.PayloadLength);
            _filled += token.PayloadLength;
            return value;
        }
    }

    private static RespType AggregateType(byte prefix) => prefix switch
    {
        (byte)'*' => RespType.Array,
        (byte)'%' => RespType.Map,
        (byte)'~' => RespType.Set,
        (byte)'|' => RespType.Attribute,
        _ => RespType.Push,
    };

    private record struct BuildLevel(RespType Type, RespValue[] Items)
    {
        public int Filled { get; set; }
    }
}
