using System.Buffers;
using RxRedis.Protocol;

namespace RxRedis;

/// <summary>
/// A Redis key: text (UTF-8), exact bytes or a number. Keys are never null; passing a null string or array to a
/// command throws <see cref="ArgumentNullException"/> naming the argument.
/// Serialised by System.Text.Json with <see cref="Json.RedisKeyJsonConverter"/> (text when valid UTF-8, base64 otherwise).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.RedisKeyJsonConverter))]
public readonly struct RedisKey : IEquatable<RedisKey>
{
    private readonly RedisValue _value;

    private RedisKey(RedisValue value) => _value = value;

    /// <summary>True for <c>default(RedisKey)</c> and keys made from a null string or array: such keys are rejected by commands.</summary>
    public bool IsNull => _value.IsNull;

    /// <summary>A key from UTF-8 text.</summary>
    public static implicit operator RedisKey(string? text) => new(text);

    /// <summary>A key from exact bytes (not copied).</summary>
    public static implicit operator RedisKey(byte[]? bytes) => new(bytes);

    /// <summary>A key from exact bytes (not copied when array-backed).</summary>
    public static implicit operator RedisKey(ReadOnlyMemory<byte> bytes) => new(bytes);

    /// <summary>A key from an integer, written as decimal text.</summary>
    public static implicit operator RedisKey(long value) => new(value);

    /// <summary>A key named by a reply, over its bytes without a copy where the reply allows (see <see cref="RedisValue.FromResp"/>).</summary>
    internal static RedisKey FromResp(in RespValue reply) => new(RedisValue.FromResp(reply));

    /// <summary>The key's bytes.</summary>
    public byte[] ToArray() => _value.ToArray() ?? [];

    /// <summary>The key as a value (for commands that take keys as values, e.g. in scripts).</summary>
    public RedisValue AsValue() => _value;

    internal void WriteTo(IBufferWriter<byte> writer) => _value.WriteTo(writer);

    /// <summary>The key as UTF-8 text.</summary>
    public override string ToString() => _value.ToString();

    /// <inheritdoc />
    public bool Equals(RedisKey other) => _value.Equals(other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RedisKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value.GetHashCode();

    /// <summary>Key equality (same bytes).</summary>
    public static bool operator ==(RedisKey left, RedisKey right) => left.Equals(right);

    /// <summary>Key inequality.</summary>
    public static bool operator !=(RedisKey left, RedisKey right) => !left.Equals(right);
}
