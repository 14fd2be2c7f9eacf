using RxRedis.Commands;

namespace RxRedis.Cluster;

/// <summary>
/// Finds a command's keys in its arguments, from the key positions in the command table, and the one hash slot
/// they share. In a cluster a command may only touch keys of one slot; the server answers <c>CROSSSLOT</c>
/// otherwise, so the client says so before sending
/// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#key-distribution-model).
/// </summary>
internal static class CommandSlot
{
    /// <summary>The slot of a command without keys: any node may serve it.</summary>
    public const int None = -1;

    /// <summary>The slot every key of the command hashes to, or <see cref="None"/> when it has no key.</summary>
    /// <exception cref="ArgumentException">The keys hash to different slots.</exception>
    public static int Of(CommandInfo info, ReadOnlySpan<RedisValue> args)
    {
        var slot = None;
        if (info.FirstKey > 0)
        {
            // Positions are 1-based over the arguments; a negative last key counts from the end (-1 is the last).
            var last = info.LastKey >= 0 ? info.LastKey : args.Length + 1 + info.LastKey;
            for (var i = info.FirstKey; i <= last && i <= args.Length; i += Math.Max(1, info.KeyStep))
            {
                slot = Merge(info, slot, args[i - 1]);
            }
        }
        if (info.KeyCountAt > 0 && info.KeyCountAt <= args.Length)
        {
            var count = args[info.KeyCountAt - 1].ToInt64();
            for (var i = info.KeyCountAt; i < args.Length && i < info.KeyCountAt + count; i++)
            {
                slot = Merge(info, slot, args[i]);
            }
        }
        if (info.KeysAfter is { } keyword)
        {
            var at = IndexOfKeyword(args, keyword, info.KeysAfterFrom);
            var keys = (args.Length - at - 1) / 2; // one id follows for every key
            for (var i = at + 1; at >= 0 && i <= at + keys; i++)
            {
                slot = Merge(info, slot, args[i]);
            }
        }
        return slot;
    }

    private static int Merge(CommandInfo info, int slot, in RedisValue key)
    {
        var next = key.HashSlot();
        if (slot != None && slot != next)
        {
            throw new ArgumentException(
                $"The keys of {info.Name} hash to different cluster slots ({slot} and {next}); a cluster runs a command only on keys of one slot. " +
                "Give the keys a common hash tag, e.g. {user:1}:name and {user:1}:email.");
        }
        return next;
    }

    private static int IndexOfKeyword(ReadOnlySpan<RedisValue> args, string keyword, int from)
    {
        for (var i = from; i < args.Length; i++)
        {
            if (args[i].HasBytes && string.Equals(args[i].ToString(), keyword, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }
}
