using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace RxRedis.Json;

/// <summary>
/// Writes a <see cref="RedisValue"/> as JSON the way people read it: a JSON string when its bytes are valid UTF-8
/// (numbers as their text, <c>"42"</c>), <c>{"base64":"..."}</c> when they are not (binary data), and <c>null</c> for
/// <see cref="RedisValue.Null"/>. Reads those three forms back, so binary values round-trip exactly; a JSON number is
/// read as that number. Applied to <see cref="RedisValue"/> by default (issue 14: without it System.Text.Json wrote
/// the struct's properties, <c>{"IsNull":false,"HasBytes":true,"ByteLength":5}</c>).
/// </summary>
public sealed class RedisValueJsonConverter : JsonConverter<RedisValue>
{
    /// <summary>The property of the object form that holds base64 bytes which are not valid UTF-8.</summary>
    public const string Base64Property = "base64";

    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override RedisValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return RedisValue.Null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var integer) ? integer : reader.GetDouble();
            case JsonTokenType.StartObject:
                reader.Read();
                if (reader.TokenType != JsonTokenType.PropertyName || reader.GetString() != Base64Property)
                {
                    throw new JsonException($"A RedisValue object must be {{\"{Base64Property}\": \"...\"}}.");
                }
                reader.Read();
                var bytes = reader.TokenType == JsonTokenType.String
                    ? reader.GetBytesFromBase64()
                    : throw new JsonException($"The \"{Base64Property}\" of a RedisValue must be a base64 string.");
                reader.Read();
                return reader.TokenType == JsonTokenType.EndObject
                    ? bytes
                    : throw new JsonException($"A RedisValue object has only the \"{Base64Property}\" property.");
            default:
                throw new JsonException($"A RedisValue is a JSON string, number, null or {{\"{Base64Property}\": \"...\"}}, not {reader.TokenType}.");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RedisValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsNull)
        {
            writer.WriteNullValue();
            return;
        }
        var bytes = value.ToArray()!;
        if (Utf8.IsValid(bytes))
        {
            writer.WriteStringValue(bytes);
            return;
        }
        writer.WriteStartObject();
        writer.WriteBase64String(Base64Property, bytes);
        writer.WriteEndObject();
    }
}
