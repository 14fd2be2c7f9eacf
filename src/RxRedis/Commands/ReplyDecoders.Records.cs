using RxRedis.Protocol;

namespace RxRedis.Commands;

internal static partial class ReplyDecoders
{
    public static readonly Func<RespValue, RedisRecord> Record = static r => RecordOf(r);

    public static readonly Func<RespValue, RedisRecord[]> Records = static r => Map(r, static i => RecordOf(i));

    /// <summary>A RESP3 map or RESP2 flat array of name, value, ... as a record.</summary>
    public static RedisRecord RecordOf(in RespValue reply)
    {
        var fields = PairsOf(reply, static (k, v) => new KeyValuePair<string, RespValue>(k.AsString() ?? "", v));
        return new RedisRecord(fields.ToDictionary(static f => f.Key, static f => f.Value, StringComparer.Ordinal));
    }
}
