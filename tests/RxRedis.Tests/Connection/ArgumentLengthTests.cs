using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Connection;

/// <summary>
/// Issue 13, item 6: an argument longer than Redis's proto-max-bulk-len (512 MiB) is refused at the call, naming the
/// limit; sent, it would make the server close the connection every caller shares.
/// </summary>
public sealed class ArgumentLengthTests : FakeServerTestBase
{
    [Fact]
    public async Task A_value_over_512_MiB_is_refused_at_the_call_and_nothing_is_sent()
    {
        await using var client = await ConnectAsync();
        // Never written to, so the pages are never touched: it costs address space, not memory.
        var huge = GC.AllocateUninitializedArray<byte>(512 * 1024 * 1024 + 1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => client.Set("k", huge));

        Assert.Contains("Argument 1 of SET is 536,870,913 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("536,870,912", error.Message, StringComparison.Ordinal);
        Assert.Contains("proto-max-bulk-len", error.Message, StringComparison.Ordinal);
        Assert.Equal("k", (string?)await client.Get("k")); // the connection is fine (the fake echoes the key)
        Assert.DoesNotContain(Server.Connections.SelectMany(c => c.Received), c => c[0] == "SET");
    }

    [Fact]
    public async Task The_limit_follows_MaxArgumentLength_for_values_keys_text_and_blocking_commands()
    {
        var options = FastOptions();
        options.MaxArgumentLength = 8;
        await using var client = await ConnectAsync(options);

        Assert.Equal("12345678", (string?)await client.Get("12345678")); // exactly the limit is fine
        Assert.Throws<ArgumentOutOfRangeException>(() => client.Get("123456789"));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.Set("k", "ééééé")); // 5 characters, 10 bytes
        Assert.Throws<ArgumentOutOfRangeException>(() => client.BLPop(["123456789"], TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.Execute("ECHO", "123456789"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedisOptions { MaxArgumentLength = 0 }.Validate());
    }

    [Fact]
    public async Task A_cluster_command_split_per_slot_or_sent_to_every_primary_is_refused_at_the_call_too()
    {
        Server.Handler = (c, cmd) => FakeCluster.IsShards(cmd) ? c.SendAsync(FakeCluster.OneShard()) : FakeRedisServer.DefaultHandler(c, cmd);
        var options = FastOptions();
        options.Cluster.Enabled = true;
        options.MaxArgumentLength = 8;
        await using var client = await ConnectAsync(options);

        // In a cluster MGET and MSET of keys in several slots go once per slot, SCRIPT LOAD to every primary.
        Assert.Contains("Argument 2 of MGET", Assert.Throws<ArgumentOutOfRangeException>(() => client.MGet("a", "b", "123456789")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => client.MSet([new("a", "1"), new("b", "123456789")]));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.ScriptLoad("return 123456789"));
        Assert.Equal("a", (string?)await client.Get("a"));
        Assert.DoesNotContain(Server.Connections.SelectMany(c => c.Received), c => c[0] is "MGET" or "MSET" or "SCRIPT");
    }
}
