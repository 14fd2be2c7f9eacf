using RxRedis.Protocol;

namespace RxRedis.PubSub;

/// <summary>
/// Reads pub/sub frames: RESP3 pushes and, on a RESP2 subscriber connection, the plain arrays that play the same
/// role. See https://redis.io/docs/latest/develop/interact/pubsub/#wire-protocol-example.
/// </summary>
internal static class PubSubFrames
{
    /// <summary>
    /// True for the arrays a RESP2 connection in subscribe mode sends out of band: messages and (un)subscribe
    /// confirmations. <c>pong</c> stays in band: it answers the PING sent after each (un)subscribe.
    /// </summary>
    public static bool IsOutOfBand(RespValue frame) => frame.Type == RespType.Array && IsPubSubFrame(frame);

    /// <summary>True for a message or an (un)subscribe confirmation, as a RESP3 push or a RESP2 array.</summary>
    public static bool IsPubSubFrame(RespValue frame)
    {
        if (!frame.IsAggregate || frame.Count < 3 || frame[0].Type is not (RespType.BulkString or RespType.SimpleString))
        {
            return false;
        }
        var kind = frame[0].Span;
        return kind.SequenceEqual("message"u8) || kind.SequenceEqual("pmessage"u8) || kind.SequenceEqual("smessage"u8)
            || kind.SequenceEqual("subscribe"u8) || kind.SequenceEqual("psubscribe"u8) || kind.SequenceEqual("ssubscribe"u8)
            || kind.SequenceEqual("unsubscribe"u8) || kind.SequenceEqual("punsubscribe"u8) || kind.SequenceEqual("sunsubscribe"u8);
    }

    /// <summary>
    /// True when <paramref name="frame"/> confirms <paramref name="verb"/> (e.g. <c>SUBSCRIBE</c>) of
    /// <paramref name="channel"/>: <c>[subscribe, ch, count]</c>, whatever its aggregate type (push or array).
    /// </summary>
    public static bool IsConfirmationOf(RespValue frame, string verb, string channel) =>
        frame.IsAggregate && frame.Count == 3
        && frame[0].Type is RespType.BulkString or RespType.SimpleString
        && string.Equals(frame[0].AsString(), verb, StringComparison.OrdinalIgnoreCase)
        && frame[1].AsString() == channel
        && frame[2].Type == RespType.Integer;

    /// <summary>
    /// Reads a <c>sunsubscribe</c> frame. Besides confirming a client's SUNSUBSCRIBE, a cluster node sends one
    /// unasked when the channel's slot leaves it (https://redis.io/docs/latest/commands/ssubscribe/).
    /// </summary>
    public static bool TryReadShardUnsubscribe(RespValue frame, out string channel)
    {
        channel = "";
        if (!frame.IsAggregate || frame.Count != 3 || frame[0].Type is not (RespType.BulkString or RespType.SimpleString)
            || !frame[0].Span.SequenceEqual("sunsubscribe"u8) || frame[1].AsString() is not { } name)
        {
            return false;
        }
        channel = name;
        return true;
    }

    /// <summary>
    /// Reads a <c>message</c>, <c>pmessage</c> or <c>smessage</c> frame without decoding its parts: the name it was
    /// subscribed under (<paramref name="key"/>: the channel, or the pattern of a <c>pmessage</c>), the channel it was
    /// published to, and the payload. False for anything else.
    /// </summary>
    public static bool TryReadMessage(RespValue frame, out SubscriptionKind kind, out RespValue key, out RespValue channel, out RespValue payload)
    {
        kind = default;
        key = channel = payload = default;
        if (frame.Count < 3 || !frame.IsAggregate || frame[0].Type is not (RespType.BulkString or RespType.SimpleString))
        {
            return false;
        }
        var type = frame[0].Span;
        if (frame.Count == 3 && (type.SequenceEqual("message"u8) || type.SequenceEqual("smessage"u8)))
        {
            kind = type[0] == (byte)'s' ? SubscriptionKind.Shard : SubscriptionKind.Channel;
            key = channel = frame[1];
            payload = frame[2];
            return true;
        }
        if (frame.Count == 4 && type.SequenceEqual("pmessage"u8))
        {
            kind = SubscriptionKind.Pattern;
            key = frame[1];
            channel = frame[2];
            payload = frame[3];
            return true;
        }
        return false;
    }
}
