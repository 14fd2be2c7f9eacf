namespace RxRedis.PubSub;

/// <summary>One subscriber as the hub sees it: somewhere to post messages without blocking.</summary>
internal interface ISubscriberSink
{
    /// <summary>Buffers a message for delivery; called on the connection's reader loop, so it never blocks.</summary>
    void Post(RedisMessage message);

    /// <summary>Ends the subscriber with an error (after anything already buffered is dropped).</summary>
    void Fail(Exception error);

    /// <summary>Ends the subscriber normally (the client was disposed).</summary>
    void Complete();
}
