using System.Reactive.Linq;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Client;

/// <summary>The string commands of the first slice against a real server, under RESP2 and RESP3.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class StringCommandTests(RedisFixture fixture)
{
    private Task<RedisClient> Connect(RedisProtocol protocol) => TestClients.ConnectAsync(fixture.Server, protocol);

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Ping_answers_pong_and_echoes_a_message(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        Assert.Equal(protocol, client.Protocol);
        Assert.Equal("PONG", (await client.Ping()).ToString());
        Assert.Equal("hello there", (await client.Ping("hello there")).ToString());
        Assert.Equal("echo me", (await client.Echo("echo me")).ToString());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Get_returns_null_for_a_missing_key_and_the_value_after_set(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("get", protocol) + "k";
        Assert.True((await client.Get(key)).IsNull);
        Assert.True(await client.Set(key, "v1"));
        Assert.Equal("v1", (await client.Get(key)).ToString());
        Assert.Equal("v1", await fixture.Server.ExecRawAsync("GET", key));
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Set_with_relative_expiry_sets_ttl_in_seconds_or_milliseconds(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var p = TestClients.Prefix("setex", protocol);
        Assert.True(await client.Set(p + "ex", "v", new SetOptions { Expiry = TimeSpan.FromSeconds(100) }));
        Assert.True(await client.Set(p + "px", "v", new SetOptions { Expiry = TimeSpan.FromMilliseconds(1500) }));

        var ttl = await client.Ttl(p + "ex");
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(98), TimeSpan.FromSeconds(100));
        var pttl = await client.PTtl(p + "px");
        Assert.InRange(pttl!.Value, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1500));
        // 1.5 s must have gone as PX 1500, not rounded to a whole second.
        Assert.InRange(long.Parse(await fixture.Server.ExecRawAsync("PTTL", p + "px"), System.Globalization.CultureInfo.InvariantCulture), 500, 1500);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Set_with_absolute_expiry_sets_ttl(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var p = TestClients.Prefix("setexat", protocol);
        var wholeSecond = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 100);
        var withMillis = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 50_250);
        Assert.True(await client.Set(p + "exat", "v", new SetOptions { ExpireAt = wholeSecond }));
        Assert.True(await client.Set(p + "pxat", "v", new SetOptions { ExpireAt = withMillis }));

        Assert.InRange((await client.Ttl(p + "exat"))!.Value, TimeSpan.FromSeconds(97), TimeSpan.FromSeconds(100));
        Assert.InRange((await client.PTtl(p + "pxat"))!.Value, TimeSpan.FromSeconds(48), TimeSpan.FromMilliseconds(50_250));
        Assert.Equal(
            withMillis.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            await fixture.Server.ExecRawAsync("PEXPIRETIME", p + "pxat"));
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Set_keepttl_keeps_the_ttl_and_plain_set_clears_it(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("keepttl", protocol) + "k";
        await client.Set(key, "v1", new SetOptions { Expiry = TimeSpan.FromSeconds(100) });
        Assert.True(await client.Set(key, "v2", new SetOptions { KeepTtl = true }));
        Assert.Equal("v2", (await client.Get(key)).ToString());
        Assert.NotNull(await client.Ttl(key));
        Assert.True(await client.Set(key, "v3"));
        Assert.Null(await client.Ttl(key));
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Set_nx_and_xx_report_whether_they_wrote(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("setnx", protocol) + "k";
        Assert.False(await client.Set(key, "xx", new SetOptions { Condition = SetCondition.Exists }));
        Assert.Equal(0L, await client.Exists(key));
        Assert.True(await client.Set(key, "nx1", new SetOptions { Condition = SetCondition.NotExists }));
        Assert.False(await client.Set(key, "nx2", new SetOptions { Condition = SetCondition.NotExists }));
        Assert.Equal("nx1", (await client.Get(key)).ToString());
        Assert.True(await client.Set(key, "xx2", new SetOptions { Condition = SetCondition.Exists, Expiry = TimeSpan.FromSeconds(50) }));
        Assert.Equal("xx2", (await client.Get(key)).ToString());
        Assert.NotNull(await client.Ttl(key));
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task SetAndGet_returns_the_previous_value(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("setget", protocol) + "k";
        Assert.True((await client.SetAndGet(key, "first")).IsNull);
        Assert.Equal("first", (await client.SetAndGet(key, "second", new SetOptions { Expiry = TimeSpan.FromSeconds(30) })).ToString());
        Assert.Equal("second", (await client.Get(key)).ToString());
        Assert.NotNull(await client.Ttl(key));
        // NX with GET on an existing key: no write, still the old value back.
        Assert.Equal("second", (await client.SetAndGet(key, "third", new SetOptions { Condition = SetCondition.NotExists })).ToString());
        Assert.Equal("second", (await client.Get(key)).ToString());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task GetDel_returns_the_value_and_deletes_the_key(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("getdel", protocol) + "k";
        await client.Set(key, "v");
        Assert.Equal("v", (await client.GetDel(key)).ToString());
        Assert.Equal(0L, await client.Exists(key));
        Assert.True((await client.GetDel(key)).IsNull);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task GetEx_changes_the_expiry_each_way(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("getex", protocol) + "k";
        await client.Set(key, "v");

        Assert.Equal("v", (await client.GetEx(key, new GetExOptions { Expiry = TimeSpan.FromSeconds(100) })).ToString());
        Assert.InRange((await client.Ttl(key))!.Value, TimeSpan.FromSeconds(98), TimeSpan.FromSeconds(100));

        await client.GetEx(key, new GetExOptions { Expiry = TimeSpan.FromMilliseconds(20_500) });
        Assert.InRange((await client.PTtl(key))!.Value, TimeSpan.FromSeconds(19), TimeSpan.FromMilliseconds(20_500));

        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300);
        await client.GetEx(key, new GetExOptions { ExpireAt = at });
        Assert.InRange((await client.Ttl(key))!.Value, TimeSpan.FromSeconds(297), TimeSpan.FromSeconds(300));

        var atMs = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 400_123);
        await client.GetEx(key, new GetExOptions { ExpireAt = atMs });
        Assert.Equal(
            atMs.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            await fixture.Server.ExecRawAsync("PEXPIRETIME", key));

        Assert.Equal("v", (await client.GetEx(key, new GetExOptions { Persist = true })).ToString());
        Assert.Null(await client.Ttl(key));
        Assert.True((await client.GetEx(key + "missing", new GetExOptions())).IsNull);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task MSet_and_MGet_keep_key_order_with_null_for_missing_keys(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var p = TestClients.Prefix("mget", protocol);
        await client.MSet(new Dictionary<RedisKey, RedisValue> { [p + "a"] = "1", [p + "b"] = "2", [p + "c"] = "3" });
        var values = await client.MGet(p + "c", p + "missing", p + "a", p + "b");
        Assert.Equal(4, values.Length);
        Assert.Equal("3", values[0].ToString());
        Assert.True(values[1].IsNull);
        Assert.Equal("1", values[2].ToString());
        Assert.Equal("2", values[3].ToString());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task MSetNx_writes_only_when_no_key_exists(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var p = TestClients.Prefix("msetnx", protocol);
        Assert.True(await client.MSetNx(new Dictionary<RedisKey, RedisValue> { [p + "a"] = "1", [p + "b"] = "2" }));
        Assert.False(await client.MSetNx(new Dictionary<RedisKey, RedisValue> { [p + "b"] = "x", [p + "c"] = "3" }));
        Assert.Equal("2", (await client.Get(p + "b")).ToString());
        Assert.Equal(0L, await client.Exists(p + "c"));
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Counters_increment_and_decrement(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("incr", protocol) + "k";
        Assert.Equal(1L, await client.Incr(key));
        Assert.Equal(11L, await client.IncrBy(key, 10));
        Assert.Equal(10L, await client.Decr(key));
        Assert.Equal(-5L, await client.DecrBy(key, 15));
        Assert.Equal(-7L, await client.IncrBy(key, -2));
        Assert.Equal("-7", await fixture.Server.ExecRawAsync("GET", key));

        var f = TestClients.Prefix("incrf", protocol) + "k";
        Assert.Equal(2.5, await client.IncrByFloat(f, 2.5));
        Assert.Equal(2.25, await client.IncrByFloat(f, -0.25));
        Assert.Equal("2.25", (await client.Get(f)).ToString());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Append_strlen_getrange_and_setrange_work_on_bytes(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("range", protocol) + "k";
        Assert.Equal(0L, await client.StrLen(key));
        Assert.Equal(5L, await client.Append(key, "Hello"));
        Assert.Equal(11L, await client.Append(key, " World"));
        Assert.Equal(11L, await client.StrLen(key));
        Assert.Equal("Hello", (await client.GetRange(key, 0, 4)).ToString());
        Assert.Equal("World", (await client.GetRange(key, -5, -1)).ToString());
        Assert.Equal(11L, await client.SetRange(key, 6, "Redis"));
        Assert.Equal("Hello Redis", (await client.Get(key)).ToString());

        // Past the end: the gap is filled with zero bytes.
        var padded = TestClients.Prefix("range", protocol) + "pad";
        Assert.Equal(4L, await client.SetRange(padded, 3, "x"));
        Assert.Equal(new byte[] { 0, 0, 0, (byte)'x' }, (byte[]?)await client.Get(padded));
    }

    [ServerTheory(ServerFeature.RedisErrorTexts)]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Execute_runs_a_raw_command(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var p = TestClients.Prefix("raw", protocol);
        await client.Set(p + "int", 12345);
        await client.Set(p + "text", "some text");
        Assert.Equal("int", (await client.Execute("OBJECT", "ENCODING", p + "int")).AsString());
        Assert.Equal("embstr", (await client.Execute("object", "encoding", p + "text")).AsString());
    }

    [Theory]
    [InlineData("SELECT", "1")]
    [InlineData("select", "1")]
    [InlineData("MULTI")]
    [InlineData("BLPOP", "k", "0")]
    [InlineData("SUBSCRIBE", "channel")]
    [InlineData("AUTH", "secret")]
    [InlineData("HELLO", "3")]
    public async Task Execute_refuses_commands_that_change_or_block_the_connection(string command, params string[] args)
    {
        await using var client = await Connect(RedisProtocol.Resp3);
        var e = Assert.Throws<ArgumentException>(() => client.Execute(command, [.. args.Select(a => (RedisValue)a)]));
        Assert.Equal("command", e.ParamName);
        Assert.Equal("PONG", (await client.Ping()).ToString());
    }
}
