namespace RxRedis.Cluster;

/// <summary>A contiguous range of hash slots served by one primary and its replicas.</summary>
/// <param name="Start">The first slot (inclusive).</param>
/// <param name="End">The last slot (inclusive).</param>
/// <param name="Primary">The node that owns the range.</param>
/// <param name="Replicas">The nodes that replicate it.</param>
public sealed record SlotRange(int Start, int End, RedisEndPoint Primary, IReadOnlyList<RedisEndPoint> Replicas)
{
    /// <summary>True when <paramref name="slot"/> lies in this range.</summary>
    public bool Contains(int slot) => slot >= Start && slot <= End;
}
