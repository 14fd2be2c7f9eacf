using RxRedis.Commands;
using RxRedis.Protocol;

namespace RxRedis;

// Geo commands: https://redis.io/docs/latest/commands/?group=geo (GEORADIUS* are deprecated for GEOSEARCH)
public sealed partial class RedisClient
{
    /// <summary><c>GEOADD key [NX|XX] [CH] lon lat member ...</c>: members added (or changed, with <paramref name="changed"/>).</summary>
    [RedisCommand("GEOADD")]
    public RedisObservable<long> GeoAdd(RedisKey key, IEnumerable<GeoEntry> entries, SetCondition condition = SetCondition.Always, bool changed = false)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var args = new ArgumentList().Key(key, nameof(key))
            .AddIf(condition == SetCondition.NotExists, "NX").AddIf(condition == SetCondition.Exists, "XX").AddIf(changed, "CH");
        var before = args.Count;
        foreach (var entry in entries)
        {
            args.Add(Arguments.Finite(entry.Position.Longitude, nameof(entries))).Add(Arguments.Finite(entry.Position.Latitude, nameof(entries))).Value(entry.Member, nameof(entries));
        }
        return args.Count > before
            ? Command(CommandTable.GeoAdd, ReplyDecoders.Int64, args.ToArray())
            : throw new ArgumentException("At least one member is required.", nameof(entries));
    }

    /// <summary><c>GEODIST key member1 member2 [unit]</c>: the distance, or null when a member is missing.</summary>
    [RedisCommand("GEODIST")]
    public RedisObservable<double?> GeoDist(RedisKey key, RedisValue first, RedisValue second, GeoUnit unit = GeoUnit.Meters) =>
        Command(CommandTable.GeoDist, ReplyDecoders.NullableDouble, Arguments.Key(key, nameof(key)), Arguments.Value(first, nameof(first)), Arguments.Value(second, nameof(second)), GeoUnitArgument(unit));

    /// <summary><c>GEOHASH key member [member ...]</c>: each member's 11-character geohash, null where missing.</summary>
    [RedisCommand("GEOHASH")]
    public RedisObservable<RedisValue[]> GeoHash(RedisKey key, params RedisValue[] members) =>
        Command(CommandTable.GeoHash, ReplyDecoders.Values, new ArgumentList().Key(key, nameof(key)).Values(members, nameof(members)).ToArray());

    /// <summary><c>GEOPOS key member [member ...]</c>: each member's position, null where missing.</summary>
    [RedisCommand("GEOPOS")]
    public RedisObservable<GeoPosition?[]> GeoPos(RedisKey key, params RedisValue[] members) =>
        Command(CommandTable.GeoPos, static r => ReplyDecoders.Map(r, static p => Position(p)), new ArgumentList().Key(key, nameof(key)).Values(members, nameof(members)).ToArray());

    /// <summary><c>GEOSEARCH key FROMMEMBER|FROMLONLAT BYRADIUS|BYBOX [ASC|DESC] [COUNT n [ANY]] [WITH...]</c>: the matches.</summary>
    [RedisCommand("GEOSEARCH")]
    public RedisObservable<GeoResult[]> GeoSearch(RedisKey key, GeoSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var args = SearchArguments(new ArgumentList(16).Key(key, nameof(key)), options)
            .AddIf(options.WithPosition, "WITHCOORD").AddIf(options.WithDistance, "WITHDIST").AddIf(options.WithHash, "WITHHASH");
        var detailed = options.WithPosition || options.WithDistance || options.WithHash;
        Func<RespValue, GeoResult[]> decode = detailed
            ? r => ReplyDecoders.Map(r, i => Result(i, options))
            : static r => ReplyDecoders.Map(r, static m => new GeoResult(RedisValue.FromResp(m), null, null, null));
        return Command(CommandTable.GeoSearch, decode, args.ToArray());
    }

    /// <summary><c>GEOSEARCHSTORE destination source ... [STOREDIST]</c>: stores the matches (with distances as scores when asked); how many.</summary>
    [RedisCommand("GEOSEARCHSTORE")]
    public RedisObservable<long> GeoSearchStore(RedisKey destination, RedisKey source, GeoSearchOptions options, bool storeDistances = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.WithPosition || options.WithDistance || options.WithHash)
        {
            throw new ArgumentException("GEOSEARCHSTORE does not take WITHCOORD, WITHDIST or WITHHASH.", nameof(options));
        }
        var args = SearchArguments(new ArgumentList(16).Key(destination, nameof(destination)).Key(source, nameof(source)), options).AddIf(storeDistances, "STOREDIST");
        return Command(CommandTable.GeoSearchStore, ReplyDecoders.Int64, args.ToArray());
    }

    private static ArgumentList SearchArguments(ArgumentList args, GeoSearchOptions options)
    {
        if (options.FromMember.IsNull == (options.FromPosition is null))
        {
            throw new ArgumentException("Set exactly one of FromMember and FromPosition.", nameof(options));
        }
        if ((options.Radius is null) == (options.Box is null))
        {
            throw new ArgumentException("Set exactly one of Radius and Box.", nameof(options));
        }
        if (options.Any && options.Count is null)
        {
            throw new ArgumentException("ANY needs a Count.", nameof(options));
        }
        if (options.FromPosition is { } from)
        {
            args.Add("FROMLONLAT").Add(Arguments.Finite(from.Longitude, nameof(options))).Add(Arguments.Finite(from.Latitude, nameof(options)));
        }
        else
        {
            args.Add("FROMMEMBER").Value(options.FromMember, nameof(options));
        }
        if (options.Radius is { } radius)
        {
            args.Add("BYRADIUS").Add(Arguments.Finite(radius, nameof(options)));
        }
        else if (options.Box is var (width, height))
        {
            args.Add("BYBOX").Add(Arguments.Finite(width, nameof(options))).Add(Arguments.Finite(height, nameof(options)));
        }
        return args.Add(GeoUnitArgument(options.Unit))
            .AddIf(options.Ascending == true, "ASC").AddIf(options.Ascending == false, "DESC")
            .AddIf(options.Count is not null, "COUNT", options.Count ?? 0).AddIf(options.Any, "ANY");
    }

    // With WITH* options each match is [member, dist?, hash?, [lon, lat]?] in that fixed order.
    private static GeoResult Result(in RespValue item, GeoSearchOptions options)
    {
        var i = 1;
        double? distance = options.WithDistance ? item[i++].AsDouble() : null;
        long? hash = options.WithHash ? item[i++].AsInt64() : null;
        GeoPosition? position = options.WithPosition ? Position(item[i]) : null;
        return new GeoResult(RedisValue.FromResp(item[0]), distance, hash, position);
    }

    private static GeoPosition? Position(in RespValue pair) => pair.IsNull || pair.Count < 2 ? null : new GeoPosition(pair[0].AsDouble(), pair[1].AsDouble());

    private static RedisValue GeoUnitArgument(GeoUnit unit) => unit switch
    {
        GeoUnit.Meters => "m",
        GeoUnit.Kilometers => "km",
        GeoUnit.Miles => "mi",
        GeoUnit.Feet => "ft",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown unit."),
    };
}
