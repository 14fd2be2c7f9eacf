using RxRedis.Commands;

namespace RxRedis;

// Bitmap commands: https://redis.io/docs/latest/commands/?group=bitmap
public sealed partial class RedisClient
{
    /// <summary><c>BITCOUNT key [start end [BYTE|BIT]]</c>: the number of set bits.</summary>
    [RedisCommand("BITCOUNT")]
    public RedisObservable<long> BitCount(RedisKey key, BitRange? range = null) =>
        Command(CommandTable.BitCount, ReplyDecoders.Int64, RangeArguments(new ArgumentList(5).Key(key, nameof(key)), range, requireEnd: true).ToArray());

    /// <summary><c>BITPOS key bit [start [end [BYTE|BIT]]]</c>: the first bit set to <paramref name="bit"/>, or -1.</summary>
    [RedisCommand("BITPOS")]
    public RedisObservable<long> BitPos(RedisKey key, bool bit, BitRange? range = null) =>
        Command(CommandTable.BitPos, ReplyDecoders.Int64, RangeArguments(new ArgumentList(6).Key(key, nameof(key)).Add(bit ? 1 : 0), range, requireEnd: false).ToArray());

    private static ArgumentList RangeArguments(ArgumentList args, BitRange? range, bool requireEnd)
    {
        if (range is null)
        {
            return args;
        }
        if (range.End is null && (requireEnd || range.InBits))
        {
            throw new ArgumentException("This range needs an end.", nameof(range));
        }
        return args.Add(range.Start).AddIf(range.End is not null, range.End ?? 0).AddIf(range.InBits, "BIT");
    }

    /// <summary><c>BITFIELD key op ...</c>: one reply per GET/SET/INCRBY, null where OVERFLOW FAIL stopped it.</summary>
    [RedisCommand("BITFIELD")]
    public RedisObservable<long?[]> BitField(RedisKey key, params BitFieldOperation[] operations) =>
        Command(CommandTable.BitField, ReplyDecoders.NullableInt64s, BitFieldArguments(key, operations, readOnly: false));

    /// <summary><c>BITFIELD_RO key GET type offset ...</c>: the read-only form (allowed on replicas).</summary>
    [RedisCommand("BITFIELD_RO")]
    public RedisObservable<long?[]> BitFieldReadOnly(RedisKey key, params BitFieldOperation[] operations) =>
        Command(CommandTable.BitFieldRo, ReplyDecoders.NullableInt64s, BitFieldArguments(key, operations, readOnly: true));

    private static RedisValue[] BitFieldArguments(RedisKey key, BitFieldOperation[] operations, bool readOnly)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var args = new ArgumentList(1 + 4 * operations.Length).Key(key, nameof(key));
        foreach (var operation in operations)
        {
            ArgumentNullException.ThrowIfNull(operation, nameof(operations));
            if (readOnly && !operation.IsReadOnly)
            {
                throw new ArgumentException("BITFIELD_RO accepts GET operations only.", nameof(operations));
            }
            foreach (var arg in operation.Arguments)
            {
                args.Value(arg, nameof(operations));
            }
        }
        return args.ToArray();
    }

    /// <summary><c>BITOP AND|OR|XOR|NOT destkey key [key ...]</c>: stores the result; its length in bytes.</summary>
    [RedisCommand("BITOP")]
    public RedisObservable<long> BitOp(BitOperation operation, RedisKey destination, params RedisKey[] keys) =>
        Command(CommandTable.BitOp, ReplyDecoders.Int64, new ArgumentList().Add(operation switch
        {
            BitOperation.And => "AND",
            BitOperation.Or => "OR",
            BitOperation.Xor => "XOR",
            BitOperation.Not => "NOT",
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown bit operation."),
        }).Key(destination, nameof(destination)).Keys(keys, nameof(keys)).ToArray());

    /// <summary><c>GETBIT key offset</c>: the bit at the offset.</summary>
    [RedisCommand("GETBIT")]
    public RedisObservable<bool> GetBit(RedisKey key, long offset) =>
        Command(CommandTable.GetBit, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)), Arguments.NonNegative(offset, nameof(offset)));

    /// <summary><c>SETBIT key offset value</c>: sets the bit; its previous value.</summary>
    [RedisCommand("SETBIT")]
    public RedisObservable<bool> SetBit(RedisKey key, long offset, bool value) =>
        Command(CommandTable.SetBit, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)), Arguments.NonNegative(offset, nameof(offset)), value ? 1 : 0);
}
