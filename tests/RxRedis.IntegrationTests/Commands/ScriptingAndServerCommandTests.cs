using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

[Collection(RedisCollectionDefinition.Name)]
public sealed class ScriptingAndServerCommandTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    [ServerTheory(ServerFeature.RedisOnlyCommands)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Script_object_falls_back_to_eval_once_then_uses_evalsha(RedisProtocol protocol)
    {
        // Its own server: SCRIPT FLUSH and FUNCTION FLUSH are server-wide.
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = await ConnectAsync(server, protocol);
        var script = new RedisScript("return {KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1}");
        Assert.Equal(new[] { false }, await client.ScriptExists(script.Sha1));
        var result = await client.Eval(script, ["k"], ["v", 41]);
        Assert.Equal("k", result[0].AsString());
        Assert.Equal(42, result[2].AsInt64());
        Assert.Equal(new[] { true }, await client.ScriptExists(script.Sha1));
        Assert.Equal(42, (await client.EvalSha(script.Sha1, ["k"], ["v", 41]))[2].AsInt64());
        Assert.Equal("NOSCRIPT", (await Assert.ThrowsAsync<RedisServerException>(async () => await client.EvalSha(new string('0', 40)))).Prefix);
        await client.ScriptFlush();
        Assert.Equal(42, (await client.Eval(script, ["k"], ["v", 41]))[2].AsInt64());
        Assert.Equal(script.Sha1, await client.ScriptLoad(script.Text));
        Assert.Equal(3, (await client.Eval("return 3", readOnly: true)).AsInt64());
        Assert.Equal("ERR", (await Assert.ThrowsAsync<RedisServerException>(async () => await client.Eval("return redis.call('nope')"))).Prefix);

        var library = await client.FunctionLoad("#!lua name=mylib\nredis.register_function{function_name='echo1', callback=function(keys, args) return args[1] end, flags={'no-writes'}}");
        Assert.Equal("mylib", library);
        Assert.Equal("hi", (await client.FCall("echo1", args: ["hi"])).AsString());
        Assert.Equal("hi", (await client.FCall("echo1", args: ["hi"], readOnly: true)).AsString());
        Assert.Single(await client.FunctionList());
        var dump = await client.FunctionDump();
        await client.FunctionDelete("mylib");
        await client.FunctionRestore(dump);
        Assert.Single(await client.FunctionList("my*", withCode: true));
        await client.FunctionFlush();
        Assert.Empty(await client.FunctionList());
        Assert.NotEqual(RespTypeOf(await client.FunctionStats()), Protocol.RespType.Null);
    }

    private static Protocol.RespType RespTypeOf(Protocol.RespValue value) => value.Type;

    [ServerTheory(ServerFeature.RedisOnlyCommands)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Server_commands(RedisProtocol protocol)
    {
        // Its own server: CONFIG SET and FLUSHALL are server-wide.
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = await ConnectAsync(server, protocol);
        var info = await client.Info();
        Assert.StartsWith("7.", info["redis_version"], StringComparison.Ordinal);
        Assert.True(info.Sections.ContainsKey("Memory"));
        Assert.Single((await client.Info("server")).Sections);
        await client.ConfigSet([new("maxmemory-policy", "allkeys-lfu")]);
        Assert.Equal("allkeys-lfu", (await client.ConfigGet("maxmemory-policy"))["maxmemory-policy"].ToString());
        await client.ConfigResetStat();
        Assert.Equal("ERR", (await Assert.ThrowsAsync<RedisServerException>(async () => await client.ConfigSet([new("no-such-option", "1")]))).Prefix);
        Assert.InRange(await client.Time(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.True(await client.LastSave() > DateTimeOffset.UnixEpoch);
        await client.Set("k", "v");
        Assert.NotNull(await client.MemoryUsage("k"));
        Assert.Null(await client.MemoryUsage("missing"));
        var id = await client.ClientId();
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), (await client.ClientInfo())["id"]);
        Assert.Contains(await client.ClientList(), c => c["id"] == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True((await client.ClientGetName()).IsNull);
        await client.ClientPause(TimeSpan.FromMilliseconds(10), writesOnly: true);
        await client.ClientUnpause();
        Assert.False(await client.ClientKill(long.MaxValue).Catch<bool, RedisServerException>(_ => Observable.Return(false)));
        Assert.True(await client.CommandCount() > 200);
        Assert.Contains("get", await client.CommandList());
        Assert.Equal("string", (await client.CommandDocs("get"))["get"].Fields["group"].AsString());
        Assert.True(await client.SlowLogLength() >= 0);
        await client.SlowLogReset();
        Assert.Equal("master", (await client.Role())[0].AsString());
        await client.FlushAll();
        Assert.Equal(0, await client.DbSize());
        Assert.True(await client.Set("m", "1"));
        Assert.True(await client.Move("m", 1));
    }
}
