using System.Reactive.Linq;
using System.Text;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Client;

/// <summary>Keys and values are bytes: every byte value, CR LF, empty and large values survive the round trip.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class BinarySafetyTests(RedisFixture fixture)
{
    private Task<RedisClient> Connect(RedisProtocol protocol) => TestClients.ConnectAsync(fixture.Server, protocol);

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task A_value_with_every_byte_value_round_trips(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("allbytes", protocol) + "k";
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(Enumerable.Range(0, 256).Select(i => (byte)(255 - i))).ToArray();
        Assert.True(await client.Set(key, value));
        Assert.Equal(value, (byte[]?)await client.Get(key));
        Assert.Equal(512L, await client.StrLen(key));
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Keys_and_values_containing_crlf_round_trip(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("crlf", protocol) + "a\r\nb\r\n";
        const string value = "line1\r\nline2\r\n$5\r\n*3\r\n";
        await client.Set(key, value);
        Assert.Equal(value, (await client.Get(key)).ToString());
        Assert.Equal(1L, await client.Exists(key));
        Assert.Equal(0L, await client.Exists(key.TrimEnd('\n', '\r')));
        Assert.Equal([key], (await client.Keys(key)).Select(k => k.ToString()));
        Assert.Equal("PONG", (await client.Ping()).ToString());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task An_empty_value_is_not_null(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("empty", protocol) + "k";
        await client.Set(key, Array.Empty<byte>());
        var value = await client.Get(key);
        Assert.False(value.IsNull);
        Assert.Equal(0, value.ByteLength);
        Assert.Equal(string.Empty, (string?)value);
        Assert.Equal(1L, await client.Exists(key));
        await client.Set(key + "s", "");
        Assert.False((await client.Get(key + "s")).IsNull);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task A_ten_megabyte_random_value_round_trips_byte_for_byte(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("big", protocol) + "k";
        var value = new byte[10 * 1024 * 1024];
        new Random(42).NextBytes(value);
        Assert.True(await client.Set(key, value));
        Assert.Equal(value.Length, await client.StrLen(key));
        var back = (byte[]?)await client.Get(key);
        Assert.NotNull(back);
        Assert.True(value.AsSpan().SequenceEqual(back), "The 10 MB value came back different.");
        await client.Del(key);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Keys_from_bytes_slices_and_numbers_address_the_same_bytes(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var prefix = TestClients.Prefix("keyforms", protocol);
        var prefixBytes = Encoding.UTF8.GetBytes(prefix);

        // byte[] key with non-UTF-8 bytes.
        byte[] binaryKey = [.. prefixBytes, 0x00, 0xFF, 0xFE, 0x0D, 0x0A];
        await client.Set(binaryKey, "binary");
        Assert.Equal("binary", (await client.Get((byte[])binaryKey.Clone())).ToString());

        // A slice in the middle of a larger buffer: only the slice's bytes form the key.
        byte[] buffer = [.. "JUNK"u8, .. prefixBytes, .. "slice"u8, .. "TAIL"u8];
        var slice = new ReadOnlyMemory<byte>(buffer, 4, prefixBytes.Length + 5);
        await client.Set(slice, "from slice");
        Assert.Equal("from slice", (await client.Get(prefix + "slice")).ToString());
        Assert.Equal(0L, await client.Exists(Encoding.UTF8.GetString(buffer)));

        // A slice as a value too.
        var valueBuffer = "xxPAYLOADyy"u8.ToArray();
        await client.Set(prefix + "v", new ReadOnlyMemory<byte>(valueBuffer, 2, 7));
        Assert.Equal("PAYLOAD", (await client.Get(prefix + "v")).ToString());

        // Numeric keys are their decimal text.
        var number = Random.Shared.NextInt64(1_000_000_000_000, long.MaxValue);
        await client.Set(number, "by number");
        Assert.Equal("by number", (await client.Get(number.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToString());
        await client.Del(number);
    }
}
