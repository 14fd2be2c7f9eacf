using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Client;

/// <summary>Server error replies and bad arguments.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class ErrorTests(RedisFixture fixture)
{
    private Task<RedisClient> Connect(RedisProtocol protocol) => TestClients.ConnectAsync(fixture.Server, protocol);

    [ServerTheory(ServerFeature.RedisErrorTexts)]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Incr_on_text_fails_with_the_servers_err_and_the_connection_goes_on(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("incrtext", protocol) + "k";
        await client.Set(key, "not a number");
        var e = await Assert.ThrowsAsync<RedisServerException>(async () => await client.Incr(key));
        Assert.Equal("ERR", e.Prefix);
        Assert.Equal("ERR value is not an integer or out of range", e.ServerMessage);
        Assert.Contains("value is not an integer", e.Message, StringComparison.Ordinal);
        Assert.Equal("INCR", e.Command);
        Assert.Equal(CommandOutcome.Rejected, e.Outcome);
        Assert.Equal("not a number", (await client.Get(key)).ToString());
        Assert.Equal(1L, await client.Incr(key + "n"));
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Get_on_a_list_fails_with_wrongtype(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("wrongtype", protocol) + "k";
        Assert.Equal(1L, (await client.Execute("RPUSH", key, "item")).AsInt64());
        var e = await Assert.ThrowsAsync<RedisServerException>(async () => await client.Get(key));
        Assert.Equal("WRONGTYPE", e.Prefix);
        Assert.StartsWith("WRONGTYPE Operation against a key holding the wrong kind of value", e.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(CommandOutcome.Rejected, e.Outcome);
        Assert.Equal("PONG", (await client.Ping()).ToString());
        Assert.Equal("list", await client.Type(key));
    }

    [Fact]
    public async Task Errors_among_pipelined_commands_fail_only_their_own_command()
    {
        await using var client = await Connect(RedisProtocol.Resp3);
        var p = TestClients.Prefix("pipeerr", RedisProtocol.Resp3);
        await client.Set(p + "text", "abc");
        var tasks = Enumerable.Range(0, 100)
            .Select(i => i % 2 == 0 ? client.Incr(p + "text").Select(v => (RedisValue)v).ToTask() : client.Echo(i).ToTask())
            .ToArray();
        for (var i = 0; i < tasks.Length; i++)
        {
            if (i % 2 == 0)
            {
                await Assert.ThrowsAsync<RedisServerException>(() => tasks[i]);
            }
            else
            {
                Assert.Equal(i, (long)await tasks[i]);
            }
        }
    }

    [Fact]
    public async Task Invalid_arguments_throw_at_the_call_naming_the_argument()
    {
        await using var client = await Connect(RedisProtocol.Resp3);
        const string k = "argcheck";
        AssertParam<ArgumentNullException>("key", () => client.Get((string?)null));
        AssertParam<ArgumentNullException>("key", () => client.Get(default(RedisKey)));
        AssertParam<ArgumentNullException>("key", () => client.Set((byte[]?)null, "v"));
        AssertParam<ArgumentNullException>("value", () => client.Set(k, (string?)null));
        AssertParam<ArgumentNullException>("value", () => client.Append(k, RedisValue.Null));
        AssertParam<ArgumentNullException>("message", () => client.Echo(RedisValue.Null));
        AssertParam<ArgumentOutOfRangeException>("options.Expiry", () => client.Set(k, "v", new SetOptions { Expiry = TimeSpan.FromSeconds(-1) }));
        AssertParam<ArgumentOutOfRangeException>("options.Expiry", () => client.Set(k, "v", new SetOptions { Expiry = TimeSpan.Zero }));
        AssertParam<ArgumentOutOfRangeException>("options.Expiry", () => client.GetEx(k, new GetExOptions { Expiry = TimeSpan.FromMilliseconds(-5) }));
        AssertParam<ArgumentOutOfRangeException>("options.ExpireAt", () => client.Set(k, "v", new SetOptions { ExpireAt = DateTimeOffset.UnixEpoch }));
        AssertParam<ArgumentException>("options", () => client.Set(k, "v", new SetOptions { KeepTtl = true, Expiry = TimeSpan.FromSeconds(1) }));
        AssertParam<ArgumentException>("options", () => client.Set(k, "v", new SetOptions { Expiry = TimeSpan.FromSeconds(1), ExpireAt = DateTimeOffset.UtcNow.AddDays(1) }));
        AssertParam<ArgumentException>("options", () => client.GetEx(k, new GetExOptions { Persist = true, Expiry = TimeSpan.FromSeconds(1) }));
        AssertParam<ArgumentNullException>("options", () => client.GetEx(k, null!));
        // Expire with zero or a negative time is legal (it deletes the key): see LegalArgumentTests.
        AssertParam<ArgumentOutOfRangeException>("score", () => client.ZAdd(k, "m", double.NaN));
        AssertParam<ArgumentException>("keys", () => client.Del());
        AssertParam<ArgumentException>("keys", () => client.MGet());
        AssertParam<ArgumentException>("keys", () => client.Exists([]));
        AssertParam<ArgumentNullException>("keys", () => client.Unlink(null!));
        AssertParam<ArgumentNullException>("keys", () => client.Del(k, (string?)null));
        AssertParam<ArgumentException>("pairs", () => client.MSet([]));
        AssertParam<ArgumentNullException>("pairs", () => client.MSetNx([new KeyValuePair<RedisKey, RedisValue>(k, RedisValue.Null)]));
        AssertParam<ArgumentOutOfRangeException>("offset", () => client.SetRange(k, -1, "x"));
        AssertParam<ArgumentOutOfRangeException>("increment", () => client.IncrByFloat(k, double.NaN));
        AssertParam<ArgumentException>("args", () => client.Execute("SET", k, RedisValue.Null));

        // Nothing reached the server, and the connection is fine.
        Assert.Equal("0", await fixture.Server.ExecRawAsync("EXISTS", k));
        Assert.Equal("PONG", (await client.Ping()).ToString());
    }

    private static void AssertParam<TException>(string paramName, Func<object> call)
        where TException : ArgumentException
    {
        var e = Assert.Throws<TException>(call);
        Assert.Equal(paramName, e.ParamName);
    }
}
