namespace RxRedis.Sentinel;

/// <summary>
/// The sentinels in the order to ask them. One that answered moves to the front (as go-redis does), so a client
/// keeps asking a sentinel that works and only walks the list when it stops answering.
/// </summary>
internal sealed class SentinelList(IEnumerable<RedisEndPoint> endPoints)
{
    private readonly Lock _gate = new();
    private readonly List<RedisEndPoint> _order = [.. endPoints];

    /// <summary>The sentinels, front first, as of now.</summary>
    public RedisEndPoint[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _order];
        }
    }

    /// <summary>Moves <paramref name="sentinel"/> to the front (nothing if it is not in the list).</summary>
    public void Promote(RedisEndPoint sentinel)
    {
        lock (_gate)
        {
            if (_order.Remove(sentinel))
            {
                _order.Insert(0, sentinel);
            }
        }
    }
}
