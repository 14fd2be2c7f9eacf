using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Client;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

/// <summary>Redis 7.4 hash-field expiry against a server that has it (Garnet in CI); the rest get a clear error.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class HashFieldExpiryCommandTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [ServerTheory(ServerFeature.HashFieldExpiry)]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Field_expiry_is_set_read_conditioned_and_removed_per_field(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var key = Prefix(protocol) + "h";
        await client.HSet(key, [new("a", "1"), new("b", "2"), new("c", "3"), new("d", "4")]);

        Assert.Equal([HashFieldExpireResult.Set, HashFieldExpireResult.NoSuchField], await client.HExpire(key, TimeSpan.FromSeconds(100), "a", "nope"));
        Assert.Equal([HashFieldExpireResult.Set], await client.HExpire(key, TimeSpan.FromMilliseconds(200_500), "b"));
        Assert.Equal([HashFieldExpireResult.ConditionNotMet], await client.HExpire(key, TimeSpan.FromSeconds(50), ExpireCondition.GreaterThan, "a"));
        // "d" only: garnet-server 2.2.13 deletes a field without expiry that an XX/GT HEXPIRE did not apply to
        // (Redis keeps it), so nothing below reads "d" again.
        Assert.Equal([HashFieldExpireResult.ConditionNotMet], await client.HExpire(key, TimeSpan.FromSeconds(50), ExpireCondition.HasExpiry, "d"));

        var ttl = await client.HTtl(key, "a", "c", "nope");
        Assert.InRange(ttl[0]!.Value, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(100));
        Assert.Equal([null, null], ttl[1..]);
        Assert.InRange((await client.HPTtl(key, "b"))[0]!.Value, TimeSpan.FromSeconds(195), TimeSpan.FromMilliseconds(200_500));

        var at = DateTimeOffset.UtcNow.AddHours(1);
        var wholeSecond = DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds());
        Assert.Equal([HashFieldExpireResult.Set], await client.HExpireAt(key, wholeSecond, "c"));
        Assert.Equal([wholeSecond], await client.HExpireTime(key, "c"));
        var precise = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds() | 1);
        Assert.Equal([HashFieldExpireResult.Set], await client.HExpireAt(key, precise, "c"));
        Assert.Equal([precise], await client.HPExpireTime(key, "c"));

        var persisted = await client.HPersist(key, "a", "nope");
        Assert.Equal([true, false], persisted);
        Assert.Equal([null], await client.HTtl(key, "a"));

        Assert.Equal([HashFieldExpireResult.Deleted], await client.HExpireAt(key, DateTimeOffset.UtcNow.AddDays(-1), "b"));
        Assert.False(await client.HExists(key, "b"));
    }

    [ServerFact(ServerFeature.HashFieldExpiry)]
    public async Task A_field_past_its_expiry_is_gone()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var key = Prefix(RedisProtocol.Resp3) + "h";
        await client.HSet(key, [new("short", "1"), new("long", "2")]);

        await client.HExpire(key, TimeSpan.FromMilliseconds(50), "short");
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        Assert.False(await client.HExists(key, "short"));
        Assert.True(await client.HExists(key, "long"));
    }

    [Fact]
    public async Task Bad_arguments_are_refused_at_the_call_naming_what_was_wrong()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);

        Assert.Equal("fields", Assert.Throws<ArgumentException>(() => client.HTtl("h")).ParamName);
        Assert.Equal("expiry", Assert.Throws<ArgumentOutOfRangeException>(() => client.HExpire("h", TimeSpan.Zero, "f")).ParamName);
        Assert.Equal("when", Assert.Throws<ArgumentOutOfRangeException>(() => client.HExpireAt("h", DateTimeOffset.UnixEpoch, "f")).ParamName);
        Assert.Equal("condition", Assert.Throws<ArgumentOutOfRangeException>(() => client.HExpire("h", TimeSpan.FromSeconds(1), (ExpireCondition)42, "f")).ParamName);
    }

    [ServerWithoutFact(ServerFeature.HashFieldExpiry)]
    public async Task A_server_without_hash_field_expiry_fails_the_call_with_its_error_and_goes_on()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var key = Prefix(RedisProtocol.Resp3) + "h";
        await client.HSet(key, "a", "1");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => client.HExpire(key, TimeSpan.FromSeconds(1), "a").ToTask().WaitAsync(Limit));

        Assert.Contains("unknown command", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("1", (await client.HGet(key, "a")).ToString());
    }
}
