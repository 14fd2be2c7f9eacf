using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

[Collection(RedisCollectionDefinition.Name)]
public sealed class StringAndKeyCommandTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task String_commands_round_trip(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        Assert.True(await client.SetNx(p + "a", "1"));
        Assert.False(await client.SetNx(p + "a", "2"));
        Assert.Equal("1", (await client.GetSet(p + "a", "5")).ToString());
        await client.SetEx(p + "b", TimeSpan.FromMilliseconds(1500), "x");
        Assert.NotNull(await client.PTtl(p + "b"));
        await client.Set(p + "l1", "ohmytext");
        await client.Set(p + "l2", "mynewtext");
        Assert.Equal("mytext", (await client.Lcs(p + "l1", p + "l2")).ToString());
        Assert.Equal(6, await client.LcsLength(p + "l1", p + "l2"));
        Assert.Equal(7.5, await client.IncrByFloat(p + "a", 2.5));
    }

    [ServerTheory(ServerFeature.RedisOnlyCommands)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Generic_commands_copy_rename_dump_restore_sort(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        await client.Set(p + "src", "v");
        Assert.True(await client.Copy(p + "src", p + "dst"));
        Assert.False(await client.Copy(p + "src", p + "dst"));
        Assert.True(await client.Copy(p + "src", p + "dst", replace: true));
        await client.Rename(p + "dst", p + "renamed");
        Assert.False(await client.RenameNx(p + "renamed", p + "src"));
        Assert.Equal(2, await client.Touch(p + "src", p + "renamed", p + "missing"));
        Assert.Equal("embstr", (await client.Object(ObjectSubcommand.Encoding, p + "src")).ToString());
        Assert.Null(await client.ExpireTime(p + "src"));
        var at = DateTimeOffset.UtcNow.AddHours(1);
        Assert.True(await client.ExpireAt(p + "src", DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds())));
        Assert.Equal(at.ToUnixTimeSeconds(), (await client.ExpireTime(p + "src"))!.Value.ToUnixTimeSeconds());
        Assert.NotNull(await client.PExpireTime(p + "src"));
        var dump = await client.Dump(p + "src");
        Assert.NotNull(dump);
        await client.Restore(p + "restored", dump!);
        Assert.Equal("v", (await client.Get(p + "restored")).ToString());
        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.Restore(p + "restored", dump!));
        Assert.Equal("BUSYKEY", error.Prefix);
        Assert.False((await client.RandomKey()).IsNull);

        await client.RPush(p + "list", "3", "1", "2");
        Assert.Equal(["1", "2", "3"], (await client.Sort(p + "list")).Select(v => v.ToString()));
        Assert.Equal(["3", "2"], (await client.Sort(p + "list", new SortOptions { Descending = true, Offset = 0, Count = 2 })).Select(v => v.ToString()));
        Assert.Equal(3, await client.SortStore(p + "list", p + "sorted"));
        await Assert.ThrowsAsync<RedisServerException>(async () => await client.Rename(p + "nope", p + "x"));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Wrong_type_is_a_server_error_with_its_prefix(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        await client.LPush(p + "list", "x");
        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.Get(p + "list"));
        Assert.Equal("WRONGTYPE", error.Prefix);
        Assert.Equal("GET", error.Command);
    }
}
