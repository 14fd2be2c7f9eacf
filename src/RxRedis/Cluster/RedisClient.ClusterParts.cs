using RxRedis.Cluster;
using RxRedis.Commands;
using RxRedis.Protocol;

namespace RxRedis;

// The commands a cluster runs in parts. Multi-key commands whose keys span slots (MGET, MSET, DEL, EXISTS, UNLINK,
// TOUCH) go once per slot, because a cluster node refuses keys of different slots in one command
// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#multiple-keys-operations); the parts
// of one node pipeline on its connection. Commands about the whole data set (KEYS, DBSIZE, FLUSHDB, FLUSHALL,
// SCRIPT LOAD/EXISTS/FLUSH, FUNCTION LOAD/DELETE/FLUSH) go to every primary. Other keyless commands (PING, INFO,
// RANDOMKEY, TIME, ...) go to one node. On one server none of this applies: each stays one plain command.
public sealed partial class RedisClient
{
    /// <summary>
    /// In a cluster, <paramref name="info"/> once per slot of the elements (<paramref name="step"/> arguments each,
    /// key first) with the parts' results merged; keys of one slot stay one command.
    /// </summary>
    private RedisObservable<T> BySlot<T>(CommandInfo info, Func<RespValue, T> decode, RedisValue[] args, int step, Func<SlotGroups, T[], T> merge)
    {
        if (_cluster is null)
        {
            return Command(info, decode, args);
        }
        var groups = SlotGroups.Of(CheckLengths(info, args), step);
        if (groups.Items.Count == 1)
        {
            return new RedisCommand<T>(_router, info, decode, args, slot: groups.Items[0].Slot);
        }
        var parts = new RedisCommand<T>[groups.Items.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = new RedisCommand<T>(_router, info, decode, groups.ArgumentsOf(i, args), slot: groups.Items[i].Slot);
        }
        return new SplitCommand<T, T>(() => parts, results => merge(groups, results));
    }

    /// <summary>A count over keys (<c>DEL</c>, <c>EXISTS</c>, <c>UNLINK</c>, <c>TOUCH</c>): in a cluster, the sum of the slots' counts.</summary>
    private RedisObservable<long> CountBySlot(CommandInfo info, RedisValue[] keys) =>
        BySlot(info, ReplyDecoders.Int64, keys, step: 1, static (_, counts) => counts.Sum());

    /// <summary>
    /// In a cluster, <paramref name="info"/> on every primary (as the slot map has them when subscribed) with the
    /// results merged; on one server, the plain command.
    /// </summary>
    private RedisObservable<T> OnEveryPrimary<T>(CommandInfo info, Func<RespValue, T> decode, Func<T[], T> merge, params RedisValue[] args)
    {
        if (_cluster is not { } cluster)
        {
            return Command(info, decode, args);
        }
        CheckLengths(info, args);
        return new SplitCommand<T, T>(
            () => [.. cluster.Topology.Primaries.Select(p => new RedisCommand<T>(cluster.Node(p), info, decode, args))],
            merge);
    }

    // Merges for fan-outs whose every node answers the same (OK, a script's SHA1, a library's name).
    private static T First<T>(T[] results) => results[0];
}
