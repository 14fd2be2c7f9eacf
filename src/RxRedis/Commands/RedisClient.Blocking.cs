using RxRedis.Cluster;
using RxRedis.Commands;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Routing;

namespace RxRedis;

// Blocking commands. Each runs on a dedicated connection leased from a small pool, never on the shared one, so a
// long BLPOP cannot delay other callers; disposing the subscription gives the lease back (or closes the connection
// when the command was already sent). https://redis.io/docs/latest/commands/blpop/
public sealed partial class RedisClient
{
    /// <summary><c>BLPOP key [key ...] timeout</c>: waits for an element at the head of the first non-empty list; null when <paramref name="timeout"/> elapses (zero waits forever).</summary>
    [RedisCommand("BLPOP")]
    public IObservable<KeyValuePair<RedisKey, RedisValue>?> BLPop(RedisKey[] keys, TimeSpan timeout) =>
        Blocking(CommandTable.BLPop, KeyedValue, timeout, new ArgumentList().Keys(keys, nameof(keys)).Add(BlockSeconds(timeout)).ToArray());

    /// <summary><c>BRPOP key [key ...] timeout</c>: like <see cref="BLPop"/> from the tail.</summary>
    [RedisCommand("BRPOP")]
    public IObservable<KeyValuePair<RedisKey, RedisValue>?> BRPop(RedisKey[] keys, TimeSpan timeout) =>
        Blocking(CommandTable.BRPop, KeyedValue, timeout, new ArgumentList().Keys(keys, nameof(keys)).Add(BlockSeconds(timeout)).ToArray());

    /// <summary><c>BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout</c>: the element moved, or null on timeout.</summary>
    [RedisCommand("BLMOVE")]
    public IObservable<RedisValue> BLMove(RedisKey source, RedisKey destination, ListSide from, ListSide to, TimeSpan timeout) =>
        Blocking(CommandTable.BLMove, ReplyDecoders.Value, timeout, Arguments.Key(source, nameof(source)), Arguments.Key(destination, nameof(destination)), Side(from), Side(to), BlockSeconds(timeout));

    /// <summary><c>BRPOPLPUSH source destination timeout</c> (deprecated for BLMOVE): the element moved, or null on timeout.</summary>
    [RedisCommand("BRPOPLPUSH")]
    public IObservable<RedisValue> BRPopLPush(RedisKey source, RedisKey destination, TimeSpan timeout) =>
        Blocking(CommandTable.BRPopLPush, ReplyDecoders.Value, timeout, Arguments.Key(source, nameof(source)), Arguments.Key(destination, nameof(destination)), BlockSeconds(timeout));

    /// <summary><c>BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]</c>: like <see cref="LMPop"/>, waiting; null on timeout.</summary>
    [RedisCommand("BLMPOP")]
    public IObservable<PopResult<RedisValue>?> BLMPop(RedisKey[] keys, ListSide side, TimeSpan timeout, long count = 1) =>
        Blocking(CommandTable.BLMPop, ReplyDecoders.ValuesPop, timeout,
            new ArgumentList().Add(BlockSeconds(timeout)).CountedKeys(keys, nameof(keys)).Add(Side(side)).Add("COUNT").Add(Arguments.Positive(count, nameof(count))).ToArray());

    /// <summary><c>BZPOPMIN key [key ...] timeout</c>: the lowest-scored member of the first non-empty set with its key; null on timeout.</summary>
    [RedisCommand("BZPOPMIN")]
    public IObservable<KeyValuePair<RedisKey, SortedSetEntry>?> BZPopMin(RedisKey[] keys, TimeSpan timeout) =>
        Blocking(CommandTable.BZPopMin, KeyedEntry, timeout, new ArgumentList().Keys(keys, nameof(keys)).Add(BlockSeconds(timeout)).ToArray());

    /// <summary><c>BZPOPMAX key [key ...] timeout</c>: the highest-scored member of the first non-empty set with its key; null on timeout.</summary>
    [RedisCommand("BZPOPMAX")]
    public IObservable<KeyValuePair<RedisKey, SortedSetEntry>?> BZPopMax(RedisKey[] keys, TimeSpan timeout) =>
        Blocking(CommandTable.BZPopMax, KeyedEntry, timeout, new ArgumentList().Keys(keys, nameof(keys)).Add(BlockSeconds(timeout)).ToArray());

    /// <summary><c>BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]</c>: like <see cref="ZMPop"/>, waiting; null on timeout.</summary>
    [RedisCommand("BZMPOP")]
    public IObservable<PopResult<SortedSetEntry>?> BZMPop(RedisKey[] keys, SortedSetOrder order, TimeSpan timeout, long count = 1) =>
        Blocking(CommandTable.BZMPop, ReplyDecoders.EntriesPop, timeout,
            new ArgumentList().Add(BlockSeconds(timeout)).CountedKeys(keys, nameof(keys)).Add(Order(order)).Add("COUNT").Add(Arguments.Positive(count, nameof(count))).ToArray());

    /// <summary><c>WAIT numreplicas timeout</c>: waits until earlier writes reached that many replicas; how many acknowledged.</summary>
    [RedisCommand("WAIT")]
    public IObservable<long> Wait(int replicas, TimeSpan timeout) =>
        Blocking(CommandTable.Wait, ReplyDecoders.Int64, timeout, Arguments.NonNegative(replicas, nameof(replicas)), BlockMilliseconds(timeout, nameof(timeout)));

    /// <summary>
    /// <c>WAITAOF numlocal numreplicas timeout</c> (Redis 7.2): waits until earlier writes were fsynced to the
    /// append-only file locally and on that many replicas; how many did. A server without it (Redis 7.0, Garnet)
    /// fails the observable with a <see cref="RedisServerException"/>.
    /// </summary>
    [RedisCommand("WAITAOF")]
    public IObservable<AofAcknowledgement> WaitAof(int local, int replicas, TimeSpan timeout) =>
        Blocking(CommandTable.WaitAof, static r => new AofAcknowledgement(r[0].AsInt64(), r[1].AsInt64()), timeout,
            Arguments.NonNegative(local, nameof(local)), Arguments.NonNegative(replicas, nameof(replicas)), BlockMilliseconds(timeout, nameof(timeout)));

    /// <summary>
    /// Builds a command for a dedicated connection. The client-side timeout is the block time plus the command
    /// timeout as a margin for the round trip; a block of zero (or no command timeout) waits forever. In a cluster
    /// the keys must share a slot (checked here) and the command runs on that slot's primary.
    /// </summary>
    private IObservable<T> Blocking<T>(CommandInfo info, Func<RespValue, T> decode, TimeSpan block, params RedisValue[] args) =>
        CommandHooks.Process(_router.Hooks, info, new BlockingCommand<T>(_dedicated, _cluster is null ? CommandSlot.None : CommandSlot.Of(info, args), info, decode, CheckLengths(info, args),
            block == TimeSpan.Zero || Options.CommandTimeout == Timeout.InfiniteTimeSpan ? null : block + Options.CommandTimeout, Options.Scheduler));

    /// <summary>List and sorted-set blocking commands take seconds, with decimals since Redis 6.</summary>
    private static RedisValue BlockSeconds(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return timeout.TotalSeconds;
    }

    private static long BlockMilliseconds(TimeSpan timeout, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, name);
        return (long)Math.Ceiling(timeout.TotalMilliseconds);
    }

    private static readonly Func<RespValue, KeyValuePair<RedisKey, RedisValue>?> KeyedValue = static r =>
        r.IsNull ? null : new KeyValuePair<RedisKey, RedisValue>(RedisKey.FromResp(r[0]), RedisValue.FromResp(r[1]));

    private static readonly Func<RespValue, KeyValuePair<RedisKey, SortedSetEntry>?> KeyedEntry = static r =>
        r.IsNull ? null : new KeyValuePair<RedisKey, SortedSetEntry>(RedisKey.FromResp(r[0]), new SortedSetEntry(RedisValue.FromResp(r[1]), r[2].AsDouble()));
}
