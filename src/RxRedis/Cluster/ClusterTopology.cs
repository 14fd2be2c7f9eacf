using RxRedis.Protocol;

namespace RxRedis.Cluster;

/// <summary>
/// Which node serves each hash slot, read from <c>CLUSTER SHARDS</c> (Redis 7) or <c>CLUSTER SLOTS</c> (older).
/// Immutable: a refresh builds a new one.
/// </summary>
public sealed class ClusterTopology
{
    private readonly SlotRange?[] _bySlot = new SlotRange?[HashSlot.Count];

    private ClusterTopology(IReadOnlyList<SlotRange> ranges)
    {
        Ranges = ranges;
        foreach (var range in ranges)
        {
            for (var slot = range.Start; slot <= range.End; slot++)
            {
                _bySlot[slot] = range;
            }
        }
    }

    /// <summary>Every slot range, in the order the server listed them.</summary>
    public IReadOnlyList<SlotRange> Ranges { get; }

    /// <summary>The distinct primaries.</summary>
    public IReadOnlyList<RedisEndPoint> Primaries => [.. Ranges.Select(r => r.Primary).Distinct()];

    /// <summary>True when every one of the 16384 slots has an owner.</summary>
    public bool CoversAllSlots => Array.TrueForAll(_bySlot, r => r is not null);

    /// <summary>The range that holds <paramref name="slot"/>, or null when no node serves it.</summary>
    public SlotRange? RangeOf(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, HashSlot.Count);
        return _bySlot[slot];
    }

    /// <summary>
    /// Parses a <c>CLUSTER SLOTS</c> reply: an array of [start, end, [ip, port, id, ...] primary, replicas...]
    /// (https://redis.io/docs/latest/commands/cluster-slots/).
    /// </summary>
    /// <exception cref="FormatException">The reply is not shaped like a CLUSTER SLOTS reply.</exception>
    public static ClusterTopology FromClusterSlots(RespValue reply)
    {
        var ranges = new List<SlotRange>();
        foreach (var entry in Aggregate(reply, "CLUSTER SLOTS reply"))
        {
            var fields = Aggregate(entry, "slot range");
            if (fields.Length < 3)
            {
                throw new FormatException($"A CLUSTER SLOTS entry has {fields.Length} fields; expected start, end and a primary.");
            }
            var replicas = new List<RedisEndPoint>();
            for (var i = 3; i < fields.Length; i++)
            {
                replicas.Add(NodeFromSlots(fields[i]));
            }
            ranges.Add(new SlotRange(Slot(fields[0]), Slot(fields[1]), NodeFromSlots(fields[2]), replicas));
        }
        return new ClusterTopology(ranges);
    }

    /// <summary>
    /// Parses a <c>CLUSTER SHARDS</c> reply: per shard a map with <c>slots</c> (flat start/end pairs) and
    /// <c>nodes</c> (maps with <c>ip</c>, <c>port</c>, <c>role</c>, <c>health</c>) (https://redis.io/docs/latest/commands/cluster-shards/).
    /// Nodes that are not <c>online</c> are left out.
    /// </summary>
    /// <exception cref="FormatException">The reply is not shaped like a CLUSTER SHARDS reply.</exception>
    public static ClusterTopology FromClusterShards(RespValue reply) => FromClusterShards(reply, tls: false);

    /// <summary>
    /// Parses a <c>CLUSTER SHARDS</c> reply, taking each node's <c>tls-port</c> when <paramref name="tls"/> is set
    /// (a node that listens only for TLS lists no <c>port</c> at all).
    /// </summary>
    /// <exception cref="FormatException">The reply is not shaped like a CLUSTER SHARDS reply.</exception>
    public static ClusterTopology FromClusterShards(RespValue reply, bool tls)
    {
        var ranges = new List<SlotRange>();
        foreach (var shard in Aggregate(reply, "CLUSTER SHARDS reply"))
        {
            var fields = Pairs(shard, "shard");
            var slots = Aggregate(Field(fields, "slots"), "slots");
            RedisEndPoint? primary = null;
            var replicas = new List<RedisEndPoint>();
            foreach (var node in Aggregate(Field(fields, "nodes"), "nodes"))
            {
                var info = Pairs(node, "node");
                if (TryField(info, "health", out var health) && health.AsString() != "online")
                {
                    continue;
                }
                if (!(tls && TryField(info, "tls-port", out var port)) && !TryField(info, "port", out port))
                {
                    port = Field(info, "tls-port"); // a node that listens only for TLS lists only its tls-port
                }
                var endPoint = RedisEndPoint.Tcp(Field(info, "ip").AsString() ?? "", checked((int)port.AsInt64()));
                if (Field(info, "role").AsString() == "master")
                {
                    primary = endPoint;
                }
                else
                {
                    replicas.Add(endPoint);
                }
            }
            if (primary is null)
            {
                continue; // a shard whose primary is down serves nothing until a replica is promoted
            }
            for (var i = 0; i + 1 < slots.Length; i += 2)
            {
                ranges.Add(new SlotRange(Slot(slots[i]), Slot(slots[i + 1]), primary, replicas));
            }
        }
        return new ClusterTopology(ranges);
    }

    private static RespValue[] Aggregate(RespValue value, string what) =>
        value.IsAggregate ? value.AsArray()! : throw new FormatException($"Expected the {what} to be an array, not {value.Type}.");

    private static Dictionary<string, RespValue> Pairs(RespValue value, string what)
    {
        // RESP3 sends maps; RESP2 sends the same pairs as a flat array.
        var items = Aggregate(value, what);
        var pairs = new Dictionary<string, RespValue>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            pairs[items[i].AsString() ?? ""] = items[i + 1];
        }
        return pairs;
    }

    private static RespValue Field(Dictionary<string, RespValue> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value : throw new FormatException($"The cluster reply lacks the '{name}' field.");

    private static bool TryField(Dictionary<string, RespValue> fields, string name, out RespValue value) =>
        fields.TryGetValue(name, out value);

    private static int Slot(RespValue value)
    {
        var slot = value.AsInt64();
        return slot is >= 0 and < HashSlot.Count ? (int)slot : throw new FormatException($"{slot} is not a hash slot.");
    }

    private static RedisEndPoint NodeFromSlots(RespValue node)
    {
        var fields = Aggregate(node, "node");
        if (fields.Length < 2)
        {
            throw new FormatException("A CLUSTER SLOTS node needs an address and a port.");
        }
        return RedisEndPoint.Tcp(fields[0].AsString() ?? "", checked((int)fields[1].AsInt64()));
    }
}
