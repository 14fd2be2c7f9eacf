using RxRedis.Connection;

namespace RxRedis.PubSub;

/// <summary>
/// One server-side subscription (kind and channel or pattern) and the local subscribers sharing it. It lives from
/// the first subscriber to the last; the hub mutates it under its lock, the reader loop reads the sink array as is.
/// </summary>
internal sealed class ChannelEntry(SubscriptionKind kind, string name)
{
    private volatile ISubscriberSink[] _sinks = [];
    private volatile bool _removed;

    public SubscriptionKind Kind { get; } = kind;

    public string Name { get; } = name;

    /// <summary>The connection its subscribe was last sent on (null until a RESP2 subscriber connection is open).</summary>
    public RedisConnection? Connection { get; set; }

    /// <summary>The name as the server sends it back, so a message can be matched to its entry without decoding it.</summary>
    public byte[] NameBytes { get; } = System.Text.Encoding.UTF8.GetBytes(name);

    /// <summary>True once the hub dropped the entry: a later subscriber to the same name gets a new one.</summary>
    public bool IsRemoved => _removed;

    public void MarkRemoved() => _removed = true;

    /// <summary>Redirects followed by the subscribe in flight (in a cluster, bounded by <see cref="ClusterOptions.MaxRedirects"/>); under the hub's gate.</summary>
    public int Redirects { get; set; }

    /// <summary>True while the server has confirmed the subscription on the current connection.</summary>
    public bool Confirmed { get; set; }

    public bool IsEmpty => _sinks.Length == 0;

    public ISubscriberSink[] Sinks => _sinks;

    public void Add(ISubscriberSink sink) => _sinks = [.. _sinks, sink];

    public bool Remove(ISubscriberSink sink)
    {
        var sinks = _sinks;
        var index = Array.IndexOf(sinks, sink);
        if (index < 0)
        {
            return false;
        }
        _sinks = [.. sinks.AsSpan(0, index), .. sinks.AsSpan(index + 1)];
        return true;
    }

    public void Deliver(RedisMessage message)
    {
        foreach (var sink in _sinks)
        {
            sink.Post(message);
        }
    }
}
