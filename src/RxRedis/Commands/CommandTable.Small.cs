using static RxRedis.Commands.CommandFlags;

namespace RxRedis.Commands;

// Bitmap, HyperLogLog and geo commands: https://redis.io/docs/latest/commands/?group=bitmap,
// https://redis.io/docs/latest/commands/?group=hyperloglog, https://redis.io/docs/latest/commands/?group=geo
public static partial class CommandTable
{
    internal static readonly CommandInfo BitCount = Add("BITCOUNT", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo BitField = Add("BITFIELD", None, 1, 1, 1);
    internal static readonly CommandInfo BitFieldRo = Add("BITFIELD_RO", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo BitOp = Add("BITOP", Idempotent, 2, -1, 1);
    internal static readonly CommandInfo BitPos = Add("BITPOS", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo GetBit = Add("GETBIT", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo SetBit = Add("SETBIT", None, 1, 1, 1);

    internal static readonly CommandInfo PfAdd = Add("PFADD", Idempotent, 1, 1, 1);
    internal static readonly CommandInfo PfCount = Add("PFCOUNT", ReadOnly, 1, -1, 1);
    internal static readonly CommandInfo PfMerge = Add("PFMERGE", Idempotent, 1, -1, 1);

    internal static readonly CommandInfo GeoAdd = Add("GEOADD", None, 1, 1, 1);
    internal static readonly CommandInfo GeoDist = Add("GEODIST", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo GeoHash = Add("GEOHASH", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo GeoPos = Add("GEOPOS", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo GeoSearch = Add("GEOSEARCH", ReadOnly, 1, 1, 1);
    internal static readonly CommandInfo GeoSearchStore = Add("GEOSEARCHSTORE", Idempotent, 1, 2, 1);
}
