using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

/// <summary>Issue 13, item 6: the typed <c>MIGRATE</c>, from the shared server to a second one started for it.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class MigrateTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [ServerFact(ServerFeature.RedisOnlyCommands)] // Garnet's MIGRATE needs cluster mode
    public async Task Moves_one_key_copies_and_replaces_several_and_says_when_there_was_nothing_to_move()
    {
        await using var target = await RedisServerProcess.StartAsync(new RedisServerOptions { Password = "target-secret" });
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var prefix = Prefix(RedisProtocol.Resp3);
        var auth = new MigrateOptions { Password = "target-secret" };
        await client.Set(prefix + "one", "1");

        Assert.True(await client.Migrate(RedisServerProcess.Host, target.Port, [prefix + "one"], 0, Timeout, auth));
        Assert.Equal(0, await client.Exists(prefix + "one"));
        Assert.Equal("1", await target.ExecRawAsync("GET", prefix + "one"));

        await client.Set(prefix + "a", "new-a");
        await client.Set(prefix + "b", "new-b");
        Assert.Equal("OK", await target.ExecRawAsync("SET", prefix + "a", "old-a"));
        Assert.True(await client.Migrate(RedisServerProcess.Host, target.Port, [prefix + "a", prefix + "b"], 0, Timeout,
            new MigrateOptions { Copy = true, Replace = true, User = "default", Password = "target-secret" }));
        Assert.Equal(2, await client.Exists(prefix + "a", prefix + "b")); // COPY kept them
        Assert.Equal("new-a", await target.ExecRawAsync("GET", prefix + "a")); // REPLACE overwrote
        Assert.Equal("new-b", await target.ExecRawAsync("GET", prefix + "b"));

        Assert.False(await client.Migrate(RedisServerProcess.Host, target.Port, [prefix + "missing"], 0, Timeout, auth));
    }

    [ServerFact(ServerFeature.RedisOnlyCommands)] // Garnet's MIGRATE needs cluster mode
    public async Task A_key_that_exists_on_the_destination_fails_without_REPLACE_with_the_servers_error()
    {
        await using var target = await RedisServerProcess.StartAsync();
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var key = Prefix(RedisProtocol.Resp3) + "k";
        await client.Set(key, "source");
        Assert.Equal("OK", await target.ExecRawAsync("SET", key, "target"));

        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.Migrate(RedisServerProcess.Host, target.Port, [key], 0, Timeout));

        Assert.Contains("BUSYKEY", error.ServerMessage, StringComparison.Ordinal); // "ERR Target instance replied with error: BUSYKEY ..."
        Assert.Equal("source", (string?)await client.Get(key));
    }

    [ServerFact(ServerFeature.RedisOnlyCommands)] // Garnet's MIGRATE needs cluster mode
    public async Task Bad_arguments_are_refused_at_the_call_and_the_password_never_shows()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var secret = new MigrateOptions { User = "app", Password = "never-shown" };

        Assert.Throws<ArgumentException>(() => client.Migrate("h", 6379, [], 0, Timeout));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.Migrate("h", 0, ["k"], 0, Timeout));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.Migrate("h", 6379, ["k"], -1, Timeout));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.Migrate("h", 6379, ["k"], 0, TimeSpan.Zero));
        var noPassword = Assert.Throws<ArgumentException>(() => client.Migrate("h", 6379, ["k"], 0, Timeout, new MigrateOptions { User = "app" }));
        Assert.Contains("password", noPassword.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never-shown", secret.ToString(), StringComparison.Ordinal);
    }
}
