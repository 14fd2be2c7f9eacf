namespace RxRedis;

/// <summary>The operation of <c>BITOP</c>.</summary>
public enum BitOperation
{
    /// <summary><c>AND</c>.</summary>
    And,
    /// <summary><c>OR</c>.</summary>
    Or,
    /// <summary><c>XOR</c>.</summary>
    Xor,
    /// <summary><c>NOT</c> (one source key).</summary>
    Not,
}

/// <summary>A byte or bit range for <c>BITCOUNT</c>/<c>BITPOS</c> (negative indexes count from the end).</summary>
/// <param name="Start">The first index.</param>
/// <param name="End">The last index (inclusive), or null for the end.</param>
/// <param name="InBits"><c>BIT</c> instead of the default <c>BYTE</c> (Redis 7).</param>
public sealed record BitRange(long Start, long? End = null, bool InBits = false);

/// <summary>
/// One operation of <c>BITFIELD</c>: <c>GET type offset</c>, <c>SET type offset value</c>,
/// <c>INCRBY type offset increment</c> or <c>OVERFLOW WRAP|SAT|FAIL</c>. Types are <c>i8</c>, <c>u16</c>, ...; an
/// offset prefixed with <c>#</c> is multiplied by the type's width.
/// </summary>
public sealed record BitFieldOperation
{
    private BitFieldOperation(RedisValue[] arguments) => Arguments = arguments;

    internal RedisValue[] Arguments { get; }

    internal bool IsReadOnly => Arguments[0].ToString() == "GET";

    /// <summary><c>GET type offset</c>.</summary>
    public static BitFieldOperation Get(string type, RedisValue offset) => new(["GET", type, offset]);

    /// <summary><c>SET type offset value</c>: the reply is the old value.</summary>
    public static BitFieldOperation Set(string type, RedisValue offset, long value) => new(["SET", type, offset, value]);

    /// <summary><c>INCRBY type offset increment</c>: the reply is the new value (null when OVERFLOW FAIL stopped it).</summary>
    public static BitFieldOperation IncrBy(string type, RedisValue offset, long increment) => new(["INCRBY", type, offset, increment]);

    /// <summary><c>OVERFLOW WRAP|SAT|FAIL</c>: applies to the following SET/INCRBY operations; produces no reply.</summary>
    public static BitFieldOperation Overflow(string behavior) => new(["OVERFLOW", behavior]);
}
