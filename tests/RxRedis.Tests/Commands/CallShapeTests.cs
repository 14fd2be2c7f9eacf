using RxRedis.Commands;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Commands;

/// <summary>Whether a call may be resent after an unknown outcome depends on its arguments, not only its name.</summary>
public sealed class CallShapeTests : FakeServerTestBase
{
    [Theory]
    [InlineData("SET", new[] { "k", "v" }, true)]
    [InlineData("SET", new[] { "k", "v", "XX" }, true)]
    [InlineData("SET", new[] { "k", "v", "EX", "10" }, true)]
    [InlineData("SET", new[] { "k", "v", "KEEPTTL" }, true)]
    [InlineData("SET", new[] { "k", "v", "NX" }, false)]
    [InlineData("SET", new[] { "k", "v", "nx", "PX", "5" }, false)]
    [InlineData("SET", new[] { "k", "v", "GET" }, false)]
    [InlineData("SET", new[] { "NX", "GET" }, true)] // key "NX", value "GET": no options
    [InlineData("EXPIRE", new[] { "k", "10" }, true)]
    [InlineData("EXPIRE", new[] { "k", "10", "XX" }, true)]
    [InlineData("EXPIRE", new[] { "k", "10", "NX" }, false)]
    [InlineData("PEXPIRE", new[] { "k", "10", "GT" }, false)]
    [InlineData("EXPIREAT", new[] { "k", "10", "LT" }, false)]
    [InlineData("PEXPIREAT", new[] { "k", "10", "NX" }, false)]
    [InlineData("SETNX", new[] { "k", "v" }, false)]
    [InlineData("HSETNX", new[] { "h", "f", "v" }, false)]
    [InlineData("GETDEL", new[] { "k" }, false)]
    [InlineData("LMOVE", new[] { "a", "b", "LEFT", "RIGHT" }, false)]
    [InlineData("GETSET", new[] { "k", "v" }, false)]
    [InlineData("INCR", new[] { "k" }, false)]
    [InlineData("DEL", new[] { "k" }, true)]
    public void A_call_is_idempotent_only_when_its_shape_is(string command, string[] args, bool idempotent)
    {
        var flags = CallShape.Flags(CommandTable.Lookup(command), [.. args.Select(a => (RedisValue)a)]);
        Assert.Equal(idempotent, (flags & CommandFlags.Idempotent) != 0);
    }

    [Fact]
    public async Task SET_NX_whose_connection_dropped_after_it_was_sent_is_not_resent_but_plain_SET_is()
    {
        var sets = 0;
        Server.Handler = (connection, command) =>
        {
            if (command[0] == "SET" && Interlocked.Increment(ref sets) <= 2) // the first attempt of each SET
            {
                connection.Close(); // it may have run: the client cannot know
                return Task.CompletedTask;
            }
            return FakeRedisServer.DefaultHandler(connection, command);
        };
        await using var client = await ConnectAsync();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(async () =>
            await client.Set("k", "v", new SetOptions { Condition = SetCondition.NotExists }));
        Assert.Equal(CommandOutcome.Unknown, error.Outcome);
        Assert.Equal(1, Volatile.Read(ref sets));

        Assert.True(await client.Set("k", "v")); // idempotent: sent again on the next socket
        Assert.Equal(3, Volatile.Read(ref sets));
    }
}
