using RxRedis.Protocol;

namespace RxRedis.Commands;

/// <summary>Stream reply decoders; RESP2 arrays and RESP3 maps decode to the same types.</summary>
internal static class StreamDecoders
{
    public static readonly Func<RespValue, StreamEntry[]> Entries = static r => EntriesOf(r);

    /// <summary>XREAD/XREADGROUP: null (timeout), RESP2 <c>[[key, entries], ...]</c> or RESP3 map key to entries.</summary>
    public static readonly Func<RespValue, StreamEntries[]> Read = static r => r.IsNull
        ? []
        : r.Type == RespType.Map
            ? ReplyDecoders.PairsOf(r, static (k, v) => new StreamEntries(RedisKey.FromResp(k), EntriesOf(v)))
            : ReplyDecoders.Map(r, static s => new StreamEntries(RedisKey.FromResp(s[0]), EntriesOf(s[1])));

    public static readonly Func<RespValue, StreamAutoClaimResult> AutoClaim = static r => new(
        RedisValue.FromResp(r[0]),
        EntriesOf(r[1]),
        r.Count > 2 ? ReplyDecoders.Map(r[2], static i => RedisValue.FromResp(i)) : []);

    public static readonly Func<RespValue, StreamPendingSummary> PendingSummary = static r => new(
        r[0].AsInt64(),
        RedisValue.FromResp(r[1]),
        RedisValue.FromResp(r[2]),
        r[3].IsNull ? [] : ReplyDecoders.Map(r[3], static c => new KeyValuePair<RedisValue, long>(RedisValue.FromResp(c[0]), c[1].AsInt64())));

    public static readonly Func<RespValue, StreamPendingEntry[]> PendingEntries = static r => ReplyDecoders.Map(r, static p => new StreamPendingEntry(
        RedisValue.FromResp(p[0]), RedisValue.FromResp(p[1]), TimeSpan.FromMilliseconds(p[2].AsInt64()), p[3].AsInt64()));

    private static StreamEntry[] EntriesOf(in RespValue reply) => ReplyDecoders.Map(reply, static e => Entry(e));

    /// <summary><c>[id, [field, value, ...]]</c>; the fields are null for an entry deleted after delivery.</summary>
    private static StreamEntry Entry(in RespValue entry) => new(
        RedisValue.FromResp(entry[0]),
        entry[1].IsNull ? [] : ReplyDecoders.ValuePairs(entry[1]));
}
