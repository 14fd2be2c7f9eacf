using System.Text.Json;
using System.Text.Json.Serialization;

namespace RxRedis.Json;

/// <summary>
/// Writes a <see cref="RedisKey"/> as its value is written by <see cref="RedisValueJsonConverter"/>: a JSON string
/// when valid UTF-8, <c>{"base64":"..."}</c> otherwise. Applied to <see cref="RedisKey"/> by default; also usable
/// as a dictionary key (written as text, invalid UTF-8 replaced).
/// </summary>
public sealed class RedisKeyJsonConverter : JsonConverter<RedisKey>
{
    private static readonly RedisValueJsonConverter Values = new();

    /// <inheritdoc />
    public override RedisKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Values.Read(ref reader, typeof(RedisValue), options) is { IsNull: false } value
            ? value.ToArray()
            : throw new JsonException("A RedisKey cannot be null.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RedisKey value, JsonSerializerOptions options) =>
        Values.Write(writer, value.AsValue(), options);

    /// <inheritdoc />
    public override RedisKey ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() ?? throw new JsonException("A RedisKey cannot be null.");

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, RedisKey value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.ToString());
    }
}
