using System.Text.Json;

namespace RxRedis.Tests.Json;

public sealed class RedisValueJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("hello", "\"hello\"")]
    [InlineData("", "\"\"")]
    [InlineData("naïve ✓", "\"na\\u00EFve \\u2713\"")]
    public void Text_is_written_as_a_json_string(string text, string json) =>
        Assert.Equal(json, JsonSerializer.Serialize((RedisValue)text, Web));

    [Fact]
    public void Valid_utf8_bytes_numbers_and_null_are_written_as_people_read_them()
    {
        Assert.Equal("\"hello\"", JsonSerializer.Serialize((RedisValue)"hello"u8.ToArray(), Web));
        Assert.Equal("\"42\"", JsonSerializer.Serialize((RedisValue)42, Web));
        Assert.Equal("null", JsonSerializer.Serialize(RedisValue.Null, Web));
        Assert.Equal("""{"key":"user:1","value":"Ada"}""", JsonSerializer.Serialize(new { Key = (RedisKey)"user:1", Value = (RedisValue)"Ada" }, Web));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_written_as_base64_and_round_trip()
    {
        RedisValue binary = new byte[] { 0xff, 0x00, 0xfe };
        var json = JsonSerializer.Serialize(binary, Web);
        Assert.Equal("""{"base64":"/wD+"}""", json);
        Assert.Equal(binary, JsonSerializer.Deserialize<RedisValue>(json, Web));
        Assert.Equal([0xff, 0x00, 0xfe], JsonSerializer.Deserialize<RedisKey>(json, Web).ToArray());
    }

    [Fact]
    public void Every_form_reads_back()
    {
        Assert.Equal((RedisValue)"hello", JsonSerializer.Deserialize<RedisValue>("\"hello\"", Web));
        Assert.Equal(RedisValue.Null, JsonSerializer.Deserialize<RedisValue>("null", Web));
        Assert.Equal(42, JsonSerializer.Deserialize<RedisValue>("42", Web).ToInt64());
        Assert.Equal(2.5, JsonSerializer.Deserialize<RedisValue>("2.5", Web).ToDouble());
        Assert.Equal("k", JsonSerializer.Deserialize<RedisKey>("\"k\"", Web).ToString());
        var scan = JsonSerializer.Deserialize<Dictionary<RedisKey, RedisValue>>("""{"a":"1","b":{"base64":"/w=="}}""", Web)!;
        Assert.Equal([0xff], scan["b"].ToArray());
        Assert.Equal("""{"a":"1","b":{"base64":"/w=="}}""", JsonSerializer.Serialize(scan, Web));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("""{"hex":"ff"}""")]
    [InlineData("""{"base64":1}""")]
    [InlineData("""{"base64":"/w==","extra":1}""")]
    public void Other_json_is_refused_with_a_json_exception(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RedisValue>(json, Web));

    [Fact]
    public void A_null_key_is_refused() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RedisKey>("null", Web));
}
