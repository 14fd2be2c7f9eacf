namespace RxRedis.Cluster;

/// <summary>
/// The cluster hash slot of a key: CRC16 (XMODEM) of the key, or of its hash tag, modulo 16384.
/// A hash tag is the part between the first <c>{</c> and the next <c>}</c> when that part is not empty, so keys
/// sharing a tag land in one slot (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags).
/// </summary>
public static class HashSlot
{
    /// <summary>The number of slots in a Redis cluster.</summary>
    public const int Count = 16384;

    private static readonly ushort[] Table = BuildTable();

    /// <summary>The slot of <paramref name="key"/>.</summary>
    public static int Of(RedisKey key) => Of(key.ToArray());

    /// <summary>The slot of a key given as bytes.</summary>
    public static int Of(ReadOnlySpan<byte> key) => Crc16(HashTag(key)) & (Count - 1);

    /// <summary>The bytes that are hashed: the hash tag when the key has a non-empty one, else the whole key.</summary>
    public static ReadOnlySpan<byte> HashTag(ReadOnlySpan<byte> key)
    {
        var open = key.IndexOf((byte)'{');
        if (open < 0)
        {
            return key;
        }
        var close = key[(open + 1)..].IndexOf((byte)'}');
        return close <= 0 ? key : key.Slice(open + 1, close);
    }

    /// <summary>CRC16-CCITT (XMODEM: polynomial 0x1021, initial value 0), as in Redis's <c>crc16.c</c>.</summary>
    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (var b in data)
        {
            crc = (ushort)((crc << 8) ^ Table[((crc >> 8) ^ b) & 0xFF]);
        }
        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)(i << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
            table[i] = crc;
        }
        return table;
    }
}
