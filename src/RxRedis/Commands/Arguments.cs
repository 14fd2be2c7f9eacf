namespace RxRedis.Commands;

/// <summary>Checks made at the call, so a bad argument throws there and never reaches (or breaks) the connection.</summary>
internal static class Arguments
{
    public static RedisValue Key(RedisKey key, string name) =>
        key.IsNull ? throw new ArgumentNullException(name, "A Redis key cannot be null.") : key.AsValue();

    public static RedisValue Value(RedisValue value, string name) =>
        value.IsNull ? throw new ArgumentNullException(name, "A value sent to Redis cannot be null.") : value;

    public static RedisValue[] Keys(RedisKey[] keys, string name)
    {
        ArgumentNullException.ThrowIfNull(keys, name);
        if (keys.Length == 0)
        {
            throw new ArgumentException("At least one key is required.", name);
        }
        var values = new RedisValue[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            values[i] = keys[i].IsNull ? throw new ArgumentNullException(name, $"Key {i} is null.") : keys[i].AsValue();
        }
        return values;
    }

    public static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "The expiry must be positive.");
        }
    }

    /// <summary>Whole seconds go as seconds (EX/EXPIRE), anything finer as milliseconds (PX/PEXPIRE).</summary>
    public static bool IsWholeSeconds(TimeSpan value) => value.Ticks % TimeSpan.TicksPerSecond == 0;

    /// <summary>
    /// A sorted-set score or increment: <c>+inf</c> and <c>-inf</c> are scores Redis accepts, NaN is not
    /// (https://redis.io/docs/latest/commands/zadd/#range-of-integer-scores-that-can-be-expressed-precisely).
    /// </summary>
    public static double Score(double value, string name) =>
        double.IsNaN(value) ? throw new ArgumentOutOfRangeException(name, value, "A score must be a number or ±infinity, not NaN.") : value;

    public static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "The number must be finite.");

    public static long NonNegative(long value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "The number must not be negative.");

    public static long Positive(long value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "The number must be positive.");
}
