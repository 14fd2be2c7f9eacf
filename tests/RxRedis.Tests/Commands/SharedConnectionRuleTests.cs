using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Commands;

/// <summary><c>Execute</c> judges a call by its arguments: blocking or framing-changing calls never reach the shared connection.</summary>
public sealed class SharedConnectionRuleTests : FakeServerTestBase
{
    [Theory]
    [InlineData("CLIENT", new[] { "REPLY", "SKIP" }, "CLIENT REPLY")]
    [InlineData("client", new[] { "reply", "OFF" }, "CLIENT REPLY")]
    [InlineData("CLIENT", new[] { "TRACKING", "ON" }, "EnableClientCacheAsync")]
    [InlineData("CLIENT", new[] { "NO-EVICT", "ON" }, "RedisOptions.NoEvict")]
    [InlineData("client", new[] { "no-evict", "off" }, "RedisOptions.NoEvict")]
    [InlineData("CLIENT", new[] { "NO-TOUCH", "ON" }, "RedisOptions.NoTouch")]
    [InlineData("XREAD", new[] { "BLOCK", "0", "STREAMS", "s", "$" }, "TailStream")]
    [InlineData("XREAD", new[] { "COUNT", "1", "block", "100", "STREAMS", "s", "0" }, "dedicated connection")]
    [InlineData("XREADGROUP", new[] { "GROUP", "g", "c", "BLOCK", "10", "STREAMS", "s", ">" }, "ConsumeStream")]
    [InlineData("SYNC", new string[0], "replication")]
    [InlineData("PSYNC", new[] { "?", "-1" }, "replication")]
    [InlineData("REPLCONF", new[] { "listening-port", "1" }, "replication")]
    [InlineData("MONITOR", new string[0], "rxredis monitor")]
    [InlineData("SELECT", new[] { "2" }, "RedisOptions.Database")]
    [InlineData("SUBSCRIBE", new[] { "ch" }, "Subscribe(channel)")]
    [InlineData("BLPOP", new[] { "l", "0" }, "dedicated connection")]
    [InlineData("WAIT", new[] { "1", "0" }, "dedicated connection")]
    public async Task Refused_calls_say_why_and_name_the_alternative(string command, string[] args, string hint)
    {
        await using var client = await ConnectAsync();
        var error = Assert.Throws<ArgumentException>(() => client.Execute(command, [.. args.Select(a => (RedisValue)a)]));
        Assert.Contains("is not sent on the shared connection", error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Connections[0].Received, c => c[0].Equals(command, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("XREAD", new[] { "COUNT", "1", "STREAMS", "block", "0" })] // a stream named "block" is a key, not the option
    [InlineData("XREAD", new[] { "STREAMS", "s", "0" })]
    [InlineData("CLIENT", new[] { "ID" })]
    [InlineData("CLIENT", new[] { "SETINFO", "LIB-NAME", "x" })]
    public async Task Calls_that_neither_block_nor_change_framing_are_sent(string command, string[] args)
    {
        await using var client = await ConnectAsync();
        Assert.Equal("OK", (await client.Execute(command, [.. args.Select(a => (RedisValue)a)])).AsString());
    }
}
