using RxRedis.Protocol;

namespace RxRedis.Commands;

// Aggregate decoders. RESP3 maps are flat (key, value, ...) in RespValue, so a RESP2 flat array and a RESP3 map
// decode alike; RESP3 also nests pairs ([[m, s], ...]) where RESP2 flattens them, which PairsOf detects.
internal static partial class ReplyDecoders
{
    public static readonly Func<RespValue, RedisValue[]?> NullableValues = static r => r.IsNull ? null : Map(r, static i => RedisValue.FromResp(i));

    public static readonly Func<RespValue, long?> NullableInt64 = static r => r.IsNull ? null : r.AsInt64();

    public static readonly Func<RespValue, double?> NullableDouble = static r => r.IsNull ? null : r.AsDouble();

    public static readonly Func<RespValue, long[]> Int64s = static r => Map(r, static i => i.AsInt64());

    public static readonly Func<RespValue, long?[]> NullableInt64s = static r => Map(r, static i => i.IsNull ? (long?)null : i.AsInt64());

    public static readonly Func<RespValue, double?[]> NullableDoubles = static r => Map(r, static i => i.IsNull ? (double?)null : i.AsDouble());

    public static readonly Func<RespValue, bool[]> Booleans = static r => Map(r, static i => i.AsBoolean());

    public static readonly Func<RespValue, string[]> Texts = static r => Map(r, static i => i.AsString() ?? "");

    public static readonly Func<RespValue, KeyValuePair<RedisValue, RedisValue>[]> Pairs = static r => ValuePairs(r);

    public static readonly Func<RespValue, IReadOnlyDictionary<RedisValue, RedisValue>> Dictionary = static r =>
    {
        var pairs = ValuePairs(r);
        var map = new Dictionary<RedisValue, RedisValue>(pairs.Length);
        foreach (var (k, v) in pairs)
        {
            map[k] = v;
        }
        return map;
    };

    public static readonly Func<RespValue, SortedSetEntry[]> Entries = static r => SortedSetEntries(r);

    /// <summary>ZPOPMIN/ZPOPMAX without a count: RESP2 <c>[m, s]</c> or empty, RESP3 the same or nested.</summary>
    public static readonly Func<RespValue, SortedSetEntry?> NullableEntry = static r =>
        SortedSetEntries(r) is [var first, ..] ? first : null;

    /// <summary>A keyed pop (LMPOP, BLMPOP): null or <c>[key, [elements]]</c>.</summary>
    public static readonly Func<RespValue, PopResult<RedisValue>?> ValuesPop = static r =>
        r.IsNull ? null : new PopResult<RedisValue>(RedisKey.FromResp(r[0]), Map(r[1], static i => RedisValue.FromResp(i)));

    /// <summary>A keyed pop (ZMPOP, BZMPOP): null or <c>[key, [[member, score], ...]]</c>.</summary>
    public static readonly Func<RespValue, PopResult<SortedSetEntry>?> EntriesPop = static r =>
        r.IsNull ? null : new PopResult<SortedSetEntry>(RedisKey.FromResp(r[0]), SortedSetEntries(r[1]));

    public static KeyValuePair<RedisValue, RedisValue>[] ValuePairs(in RespValue reply) =>
        PairsOf(reply, static (k, v) => new KeyValuePair<RedisValue, RedisValue>(RedisValue.FromResp(k), RedisValue.FromResp(v)));

    public static SortedSetEntry[] SortedSetEntries(in RespValue reply) =>
        PairsOf(reply, static (m, s) => new SortedSetEntry(RedisValue.FromResp(m), s.AsDouble()));

    public static T[] Map<T>(in RespValue reply, Func<RespValue, T> item)
    {
        var items = reply.Items;
        var result = new T[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            result[i] = item(items[i]);
        }
        return result;
    }

    /// <summary>Pairs from a flat array/map (<c>k, v, k, v</c>) or from nested pairs (<c>[[k, v], ...]</c>).</summary>
    public static T[] PairsOf<T>(in RespValue reply, Func<RespValue, RespValue, T> pair)
    {
        var items = reply.Items;
        if (items.Length > 0 && items[0].IsAggregate)
        {
            var nested = new T[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                nested[i] = pair(items[i][0], items[i][1]);
            }
            return nested;
        }
        if (items.Length % 2 != 0)
        {
            throw new InvalidCastException($"Expected pairs but the reply has {items.Length} items.");
        }
        var flat = new T[items.Length / 2];
        for (var i = 0; i < flat.Length; i++)
        {
            flat[i] = pair(items[2 * i], items[2 * i + 1]);
        }
        return flat;
    }
}
