namespace RxRedis;

/// <summary>A longitude/latitude pair in degrees.</summary>
/// <param name="Longitude">-180 to 180.</param>
/// <param name="Latitude">-85.05112878 to 85.05112878.</param>
public readonly record struct GeoPosition(double Longitude, double Latitude);

/// <summary>A member to add with <c>GEOADD</c>.</summary>
/// <param name="Member">The member.</param>
/// <param name="Position">Where it is.</param>
public readonly record struct GeoEntry(RedisValue Member, GeoPosition Position);

/// <summary>The distance units of the geo commands.</summary>
public enum GeoUnit
{
    /// <summary><c>m</c>.</summary>
    Meters,
    /// <summary><c>km</c>.</summary>
    Kilometers,
    /// <summary><c>mi</c>.</summary>
    Miles,
    /// <summary><c>ft</c>.</summary>
    Feet,
}

/// <summary>One <c>GEOSEARCH</c> match; the optional parts are present when asked for in <see cref="GeoSearchOptions"/>.</summary>
/// <param name="Member">The member.</param>
/// <param name="Distance">Its distance from the center, in the search unit (<c>WITHDIST</c>).</param>
/// <param name="Hash">Its raw 52-bit geohash (<c>WITHHASH</c>).</param>
/// <param name="Position">Its position (<c>WITHCOORD</c>).</param>
public sealed record GeoResult(RedisValue Member, double? Distance, long? Hash, GeoPosition? Position);

/// <summary>
/// The clauses of <c>GEOSEARCH</c>/<c>GEOSEARCHSTORE</c> (https://redis.io/docs/latest/commands/geosearch/): a center
/// (exactly one of <see cref="FromMember"/> and <see cref="FromPosition"/>) and a shape (exactly one of
/// <see cref="Radius"/> and <see cref="Box"/>).
/// </summary>
public sealed record GeoSearchOptions
{
    /// <summary><c>FROMMEMBER member</c>.</summary>
    public RedisValue FromMember { get; init; }

    /// <summary><c>FROMLONLAT lon lat</c>.</summary>
    public GeoPosition? FromPosition { get; init; }

    /// <summary><c>BYRADIUS radius unit</c>.</summary>
    public double? Radius { get; init; }

    /// <summary><c>BYBOX width height unit</c>.</summary>
    public (double Width, double Height)? Box { get; init; }

    /// <summary>The unit of the radius, box and returned distances.</summary>
    public GeoUnit Unit { get; init; }

    /// <summary><c>ASC</c> (true), <c>DESC</c> (false) or unsorted (null).</summary>
    public bool? Ascending { get; init; }

    /// <summary><c>COUNT n</c>.</summary>
    public long? Count { get; init; }

    /// <summary><c>ANY</c>: stop after <see cref="Count"/> matches rather than finding the nearest.</summary>
    public bool Any { get; init; }

    /// <summary><c>WITHCOORD</c>.</summary>
    public bool WithPosition { get; init; }

    /// <summary><c>WITHDIST</c>.</summary>
    public bool WithDistance { get; init; }

    /// <summary><c>WITHHASH</c>.</summary>
    public bool WithHash { get; init; }
}
