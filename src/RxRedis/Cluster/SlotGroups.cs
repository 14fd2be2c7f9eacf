namespace RxRedis.Cluster;

/// <summary>
/// The elements of a multi-key command grouped by the hash slot of their key, for commands a cluster runs once
/// per slot (<c>MGET</c>, <c>MSET</c>, <c>DEL</c>, <c>EXISTS</c>, <c>UNLINK</c>, <c>TOUCH</c>): Redis requires one
/// slot per command, not merely one node
/// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#multiple-keys-operations).
/// An element is <see cref="Step"/> arguments starting with its key (1 for a key, 2 for MSET's key and value).
/// Groups come in the order their first key appears; each lists its elements in the caller's order.
/// </summary>
internal sealed class SlotGroups
{
    private SlotGroups(int step, int elements, Group[] groups)
    {
        Step = step;
        Elements = elements;
        Items = groups;
    }

    /// <summary>One slot's elements, as positions in the caller's list.</summary>
    public readonly record struct Group(int Slot, int[] Positions);

    /// <summary>Arguments per element.</summary>
    public int Step { get; }

    /// <summary>How many elements the caller gave.</summary>
    public int Elements { get; }

    /// <summary>The groups, one per distinct slot.</summary>
    public IReadOnlyList<Group> Items { get; }

    /// <summary>Groups <paramref name="args"/> (whole elements of <paramref name="step"/> arguments, key first) by the key's slot.</summary>
    public static SlotGroups Of(RedisValue[] args, int step)
    {
        var elements = args.Length / step;
        var order = new List<int>();
        var bySlot = new Dictionary<int, List<int>>();
        for (var i = 0; i < elements; i++)
        {
            var slot = args[i * step].HashSlot();
            if (!bySlot.TryGetValue(slot, out var positions))
            {
                bySlot[slot] = positions = [];
                order.Add(slot);
            }
            positions.Add(i);
        }
        return new SlotGroups(step, elements, [.. order.Select(slot => new Group(slot, [.. bySlot[slot]]))]);
    }

    /// <summary>The arguments of group <paramref name="index"/>: its elements, in the caller's order.</summary>
    public RedisValue[] ArgumentsOf(int index, RedisValue[] args)
    {
        var positions = Items[index].Positions;
        var part = new RedisValue[positions.Length * Step];
        for (var i = 0; i < positions.Length; i++)
        {
            Array.Copy(args, positions[i] * Step, part, i * Step, Step);
        }
        return part;
    }

    /// <summary>Puts each group's per-element results back at their elements' positions.</summary>
    public T[] Scatter<T>(IReadOnlyList<T[]> results)
    {
        var merged = new T[Elements];
        for (var g = 0; g < Items.Count; g++)
        {
            var positions = Items[g].Positions;
            var values = results[g];
            if (values.Length != positions.Length)
            {
                throw new RedisException($"A part of a split command returned {values.Length} results for {positions.Length} keys.", CommandOutcome.Unknown);
            }
            for (var i = 0; i < positions.Length; i++)
            {
                merged[positions[i]] = values[i];
            }
        }
        return merged;
    }
}
