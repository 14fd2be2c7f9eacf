using System.Reactive;
using RxRedis.Commands;

namespace RxRedis;

// HyperLogLog commands: https://redis.io/docs/latest/commands/?group=hyperloglog
public sealed partial class RedisClient
{
    /// <summary><c>PFADD key element [element ...]</c>: true when the estimate changed.</summary>
    [RedisCommand("PFADD")]
    public RedisObservable<bool> PfAdd(RedisKey key, params RedisValue[] elements) =>
        Command(CommandTable.PfAdd, ReplyDecoders.Boolean, new ArgumentList().Key(key, nameof(key)).Values(elements, nameof(elements)).ToArray());

    /// <summary><c>PFCOUNT key [key ...]</c>: the estimated number of distinct elements (of the union, for several keys).</summary>
    [RedisCommand("PFCOUNT")]
    public RedisObservable<long> PfCount(params RedisKey[] keys) =>
        Command(CommandTable.PfCount, ReplyDecoders.Int64, Arguments.Keys(keys, nameof(keys)));

    /// <summary><c>PFMERGE destkey sourcekey [sourcekey ...]</c>: stores the union of the HyperLogLogs.</summary>
    [RedisCommand("PFMERGE")]
    public RedisObservable<Unit> PfMerge(RedisKey destination, params RedisKey[] sources) =>
        Command(CommandTable.PfMerge, ReplyDecoders.Ok, new ArgumentList().Key(destination, nameof(destination)).Keys(sources, nameof(sources)).ToArray());
}
