using RxRedis.Protocol;

namespace RxRedis.Commands;

// Decoders for the per-field replies of hash-field expiry. Negative codes mean "no such field" (-2) or "no expiry"
// (-1), https://redis.io/docs/latest/commands/httl/.
internal static partial class ReplyDecoders
{
    public static readonly Func<RespValue, HashFieldExpireResult[]> FieldExpireResults = static r => Map(r, static i => (HashFieldExpireResult)i.AsInt64());

    public static readonly Func<RespValue, TimeSpan?[]> FieldTtlSeconds = static r => Map(r, static i => i.AsInt64() is var s and >= 0 ? TimeSpan.FromSeconds(s) : (TimeSpan?)null);

    public static readonly Func<RespValue, TimeSpan?[]> FieldTtlMilliseconds = static r => Map(r, static i => i.AsInt64() is var ms and >= 0 ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null);

    public static readonly Func<RespValue, DateTimeOffset?[]> FieldExpiryTimes = static r => Map(r, static i => i.AsInt64() is var s and >= 0 ? DateTimeOffset.FromUnixTimeSeconds(s) : (DateTimeOffset?)null);

    public static readonly Func<RespValue, DateTimeOffset?[]> FieldExpiryTimesMs = static r => Map(r, static i => i.AsInt64() is var ms and >= 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null);

    public static readonly Func<RespValue, bool[]> FieldsPersisted = static r => Map(r, static i => i.AsInt64() == 1);
}
