using RxRedis.Streams;

namespace RxRedis;

// Stream consumers and tails: long-running reads as observables.
// https://redis.io/docs/latest/develop/data-types/streams/
public sealed partial class RedisClient
{
    /// <summary>
    /// Reads <paramref name="stream"/> as consumer <paramref name="consumer"/> of group <paramref name="group"/>, as a
    /// cold observable: each subscription is one consumer. It first delivers the consumer's own pending entries (left
    /// unacknowledged by an earlier run), then new ones, read with <c>XREADGROUP ... BLOCK</c> on a dedicated
    /// connection. The next read is sent only after <c>OnNext</c> returned for every entry of the batch
    /// (back-pressure); with <see cref="StreamConsumerOptions.AutoAck"/> the batch is acknowledged then, otherwise
    /// call <see cref="StreamMessage.Ack"/>. With <see cref="StreamConsumerOptions.ClaimMinIdle"/>, entries other
    /// consumers left pending that long are claimed (<c>XAUTOCLAIM</c>) and delivered too. Delivery is at least once:
    /// an entry can come again (<see cref="StreamMessage.Delivery"/> says when it may). Transient failures and
    /// timeouts (a stalled server) are retried with the <see cref="RedisOptions.RetryPolicy"/> backoff until a run of
    /// them outlasts <see cref="StreamConsumerOptions.GiveUpAfter"/>; that, and other errors (e.g. no such group), end
    /// it with <see cref="RedisStreamConsumerException"/>. Disposing stops it at once: the blocked read's connection is closed,
    /// and no <c>OnNext</c> starts after <c>Dispose</c> returns (it waits for one running on another thread).
    /// </summary>
    /// <param name="stream">The stream key.</param>
    /// <param name="group">The consumer group.</param>
    /// <param name="consumer">This consumer's name, unique within the group and stable across restarts.</param>
    /// <param name="options">Batch size, block time, acknowledgement and claiming; default <see cref="StreamConsumerOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">A name is null, or an option is out of range.</exception>
    [RedisCommand("XGROUP", "XREADGROUP", "XACK", "XAUTOCLAIM")]
    public IObservable<StreamMessage> ConsumeStream(RedisKey stream, RedisValue group, RedisValue consumer, StreamConsumerOptions? options = null)
    {
        ThrowIfNull(stream, nameof(stream));
        ThrowIfNull(group, nameof(group));
        ThrowIfNull(consumer, nameof(consumer));
        var settings = options ?? StreamConsumerOptions.Default;
        settings.Validate();
        return new StreamObservable<StreamMessage>(observer => new StreamConsumer(this, stream, group, consumer, settings, observer));
    }

    /// <summary>
    /// Follows <paramref name="stream"/> with <c>XREAD BLOCK</c> on a dedicated connection, as a cold observable of its
    /// entries in order, without a consumer group. Each read continues after the last entry delivered, so nothing is
    /// skipped or repeated, even across retried failures and timeouts (up to <see cref="StreamTailOptions.GiveUpAfter"/>); the next read
    /// is sent only after <c>OnNext</c> returned for the whole batch. It never completes; dispose it to stop (the blocked read's connection is closed).
    /// </summary>
    /// <param name="stream">The stream key.</param>
    /// <param name="startId">Deliver entries after this id: null or <c>$</c> for entries added from now on (the newest id is read first), <c>0</c> for the whole stream.</param>
    /// <param name="options">Batch size and block time; default <see cref="StreamTailOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">The key is null, or an option is out of range.</exception>
    [RedisCommand("XREAD", "XREVRANGE")]
    public IObservable<StreamEntry> TailStream(RedisKey stream, RedisValue startId = default, StreamTailOptions? options = null)
    {
        ThrowIfNull(stream, nameof(stream));
        var settings = options ?? StreamTailOptions.Default;
        settings.Validate();
        return new StreamObservable<StreamEntry>(observer => new StreamTail(this, stream, startId.IsNull ? "$" : startId, settings, observer));
    }

    private static void ThrowIfNull(RedisKey key, string name)
    {
        if (key.IsNull)
        {
            throw new ArgumentNullException(name, "A Redis key cannot be null.");
        }
    }

    private static void ThrowIfNull(RedisValue value, string name)
    {
        if (value.IsNull)
        {
            throw new ArgumentNullException(name, "A name sent to Redis cannot be null.");
        }
    }
}
