using System.Reactive.Linq;

namespace RxRedis;

/// <summary>One entry delivered to a consumer of a group, with the handle to acknowledge it.</summary>
public sealed class StreamMessage
{
    private readonly RedisClient _client;

    internal StreamMessage(RedisClient client, RedisKey stream, RedisValue group, StreamEntry entry, StreamDelivery delivery)
    {
        _client = client;
        Stream = stream;
        Group = group;
        Entry = entry;
        Delivery = delivery;
    }

    /// <summary>The stream the entry belongs to.</summary>
    public RedisKey Stream { get; }

    /// <summary>The consumer group it was delivered through.</summary>
    public RedisValue Group { get; }

    /// <summary>The entry: its id and fields.</summary>
    public StreamEntry Entry { get; }

    /// <summary>The entry id.</summary>
    public RedisValue Id => Entry.Id;

    /// <summary>The entry's fields and values.</summary>
    public IReadOnlyList<KeyValuePair<RedisValue, RedisValue>> Fields => Entry.Fields;

    /// <summary>Whether the entry is new, re-read from this consumer's pending list, or claimed from another consumer.</summary>
    public StreamDelivery Delivery { get; }

    /// <summary>
    /// <c>XACK</c> for this entry (cold, like every command): true when this call removed it from the group's pending
    /// list, false when it was no longer pending (acknowledged already, or claimed and acknowledged by another consumer).
    /// </summary>
    public IObservable<bool> Ack() => _client.XAck(Stream, Group, Id).Select(static n => n > 0);

    /// <summary>The stream and entry id.</summary>
    public override string ToString() => $"{Stream} {Id} ({Delivery})";
}
