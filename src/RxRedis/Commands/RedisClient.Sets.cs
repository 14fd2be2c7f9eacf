using RxRedis.Commands;

namespace RxRedis;

// Set commands: https://redis.io/docs/latest/commands/?group=set
public sealed partial class RedisClient
{
    /// <summary><c>SADD key member [member ...]</c>: how many members were new.</summary>
    [RedisCommand("SADD")]
    public RedisObservable<long> SAdd(RedisKey key, params RedisValue[] members) =>
        Command(CommandTable.SAdd, ReplyDecoders.Int64, new ArgumentList().Key(key, nameof(key)).Values(members, nameof(members)).ToArray());

    /// <summary><c>SCARD key</c>: the number of members.</summary>
    [RedisCommand("SCARD")]
    public RedisObservable<long> SCard(RedisKey key) =>
        Command(CommandTable.SCard, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)));

    /// <summary><c>SDIFF key [key ...]</c>: members of the first set not in the others.</summary>
    [RedisCommand("SDIFF")]
    public RedisObservable<RedisValue[]> SDiff(params RedisKey[] keys) =>
        Command(CommandTable.SDiff, ReplyDecoders.Values, Arguments.Keys(keys, nameof(keys)));

    /// <summary><c>SDIFFSTORE destination key [key ...]</c>: stores the difference; its size.</summary>
    [RedisCommand("SDIFFSTORE")]
    public RedisObservable<long> SDiffStore(RedisKey destination, params RedisKey[] keys) =>
        Command(CommandTable.SDiffStore, ReplyDecoders.Int64, new ArgumentList().Key(destination, nameof(destination)).Keys(keys, nameof(keys)).ToArray());

    /// <summary><c>SINTER key [key ...]</c>: members in every set.</summary>
    [RedisCommand("SINTER")]
    public RedisObservable<RedisValue[]> SInter(params RedisKey[] keys) =>
        Command(CommandTable.SInter, ReplyDecoders.Values, Arguments.Keys(keys, nameof(keys)));

    /// <summary><c>SINTERCARD numkeys key [key ...] [LIMIT limit]</c>: the size of the intersection (counting stops at a non-zero limit).</summary>
    [RedisCommand("SINTERCARD")]
    public RedisObservable<long> SInterCard(RedisKey[] keys, long limit = 0) =>
        Command(CommandTable.SInterCard, ReplyDecoders.Int64,
            new ArgumentList().CountedKeys(keys, nameof(keys)).AddIf(limit != 0, "LIMIT", Arguments.NonNegative(limit, nameof(limit))).ToArray());

    /// <summary><c>SINTERSTORE destination key [key ...]</c>: stores the intersection; its size.</summary>
    [RedisCommand("SINTERSTORE")]
    public RedisObservable<long> SInterStore(RedisKey destination, params RedisKey[] keys) =>
        Command(CommandTable.SInterStore, ReplyDecoders.Int64, new ArgumentList().Key(destination, nameof(destination)).Keys(keys, nameof(keys)).ToArray());

    /// <summary><c>SISMEMBER key member</c>: whether the member is in the set.</summary>
    [RedisCommand("SISMEMBER")]
    public RedisObservable<bool> SIsMember(RedisKey key, RedisValue member) =>
        Command(CommandTable.SIsMember, ReplyDecoders.Boolean, Arguments.Key(key, nameof(key)), Arguments.Value(member, nameof(member)));

    /// <summary><c>SMEMBERS key</c>: every member (a RESP3 set and a RESP2 array read alike).</summary>
    [RedisCommand("SMEMBERS")]
    public RedisObservable<RedisValue[]> SMembers(RedisKey key) =>
        Command(CommandTable.SMembers, ReplyDecoders.Values, Arguments.Key(key, nameof(key)));

    /// <summary><c>SMISMEMBER key member [member ...]</c>: membership of each member, in order.</summary>
    [RedisCommand("SMISMEMBER")]
    public RedisObservable<bool[]> SMIsMember(RedisKey key, params RedisValue[] members) =>
        Command(CommandTable.SMIsMember, ReplyDecoders.Booleans, new ArgumentList().Key(key, nameof(key)).Values(members, nameof(members)).ToArray());

    /// <summary><c>SMOVE source destination member</c>: true when the member was moved.</summary>
    [RedisCommand("SMOVE")]
    public RedisObservable<bool> SMove(RedisKey source, RedisKey destination, RedisValue member) =>
        Command(CommandTable.SMove, ReplyDecoders.Boolean, Arguments.Key(source, nameof(source)), Arguments.Key(destination, nameof(destination)), Arguments.Value(member, nameof(member)));

    /// <summary><c>SPOP key</c>: removes and returns a random member, or null.</summary>
    [RedisCommand("SPOP")]
    public RedisObservable<RedisValue> SPop(RedisKey key) =>
        Command(CommandTable.SPop, ReplyDecoders.Value, Arguments.Key(key, nameof(key)));

    /// <summary><c>SPOP key count</c>: removes and returns up to <paramref name="count"/> random members.</summary>
    [RedisCommand("SPOP")]
    public RedisObservable<RedisValue[]> SPop(RedisKey key, long count) =>
        Command(CommandTable.SPop, ReplyDecoders.Values, Arguments.Key(key, nameof(key)), Arguments.NonNegative(count, nameof(count)));

    /// <summary><c>SRANDMEMBER key count</c>: random members (distinct for a positive count; a negative count allows repeats).</summary>
    [RedisCommand("SRANDMEMBER")]
    public RedisObservable<RedisValue[]> SRandMember(RedisKey key, long count) =>
        Command(CommandTable.SRandMember, ReplyDecoders.Values, Arguments.Key(key, nameof(key)), count);

    /// <summary><c>SREM key member [member ...]</c>: how many members were removed.</summary>
    [RedisCommand("SREM")]
    public RedisObservable<long> SRem(RedisKey key, params RedisValue[] members) =>
        Command(CommandTable.SRem, ReplyDecoders.Int64, new ArgumentList().Key(key, nameof(key)).Values(members, nameof(members)).ToArray());

    /// <summary><c>SUNION key [key ...]</c>: members of any of the sets.</summary>
    [RedisCommand("SUNION")]
    public RedisObservable<RedisValue[]> SUnion(params RedisKey[] keys) =>
        Command(CommandTable.SUnion, ReplyDecoders.Values, Arguments.Keys(keys, nameof(keys)));

    /// <summary><c>SUNIONSTORE destination key [key ...]</c>: stores the union; its size.</summary>
    [RedisCommand("SUNIONSTORE")]
    public RedisObservable<long> SUnionStore(RedisKey destination, params RedisKey[] keys) =>
        Command(CommandTable.SUnionStore, ReplyDecoders.Int64, new ArgumentList().Key(destination, nameof(destination)).Keys(keys, nameof(keys)).ToArray());
}
