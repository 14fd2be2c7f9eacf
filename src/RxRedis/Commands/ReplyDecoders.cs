using System.Reactive;
using RxRedis.Protocol;

namespace RxRedis.Commands;

/// <summary>
/// Reply decoders shared by the command families. Each maps the RESP2 and RESP3 forms of a reply to one .NET type
/// (e.g. RESP2 <c>:1</c> and RESP3 <c>#t</c> both become <c>true</c>). Cached delegates: no allocation per call.
/// </summary>
internal static partial class ReplyDecoders
{
    public static readonly Func<RespValue, RespValue> Raw = static r => r;
    public static readonly Func<RespValue, RedisValue> Value = static r => RedisValue.FromResp(r);
    public static readonly Func<RespValue, long> Int64 = static r => r.AsInt64();
    public static readonly Func<RespValue, double> Double = static r => r.AsDouble();
    public static readonly Func<RespValue, bool> Boolean = static r => r.AsBoolean();
    public static readonly Func<RespValue, string?> Text = static r => r.AsString();
    public static readonly Func<RespValue, Unit> Ok = static r => r.Type == RespType.SimpleString
        ? Unit.Default
        : throw new InvalidCastException($"Expected OK but the reply is {r}.");

    /// <summary><c>OK</c> when the write happened, null when a condition (NX/XX) stopped it.</summary>
    public static readonly Func<RespValue, bool> OkOrNull = static r => !r.IsNull;

    public static readonly Func<RespValue, RedisValue[]> Values = static r =>
    {
        var items = r.Items;
        var values = new RedisValue[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            values[i] = RedisValue.FromResp(items[i]);
        }
        return values;
    };

    public static readonly Func<RespValue, RedisKey[]> Keys = static r =>
    {
        var items = r.Items;
        var keys = new RedisKey[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            keys[i] = RedisKey.FromResp(items[i]);
        }
        return keys;
    };

    /// <summary>TTL/PTTL: -2 (no key) and -1 (no expiry) become null.</summary>
    public static readonly Func<RespValue, TimeSpan?> TtlSeconds = static r => r.AsInt64() is var s and >= 0 ? TimeSpan.FromSeconds(s) : null;

    public static readonly Func<RespValue, TimeSpan?> TtlMilliseconds = static r => r.AsInt64() is var ms and >= 0 ? TimeSpan.FromMilliseconds(ms) : null;
}
