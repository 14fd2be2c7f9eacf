using System.Buffers;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.PubSub;

/// <summary>
/// <c>SUBSCRIBE</c>-family command followed by <c>PING</c>, written as one entry. (Un)subscribe confirmations are out
/// of band (RESP3 pushes, or RESP2 arrays the subscriber connection classifies as such), so the command itself takes
/// no FIFO slot; the PING does, and its reply arrives only after the server has processed the subscription. That
/// reply is the confirmation, and the FIFO stays aligned without the connection knowing about pub/sub.
/// </summary>
internal sealed class SubscriptionCommand : PendingCommand
{
    private readonly string _verb;
    private readonly string _channel;
    private readonly Action<Exception?> _done;

    public SubscriptionCommand(string verb, string channel, Action<Exception?> done)
    {
        _verb = verb;
        _channel = channel;
        _done = done;
    }

    public override string Name => _verb;

    public override void Write(IBufferWriter<byte> output)
    {
        RespWriter.WriteCommand(output, _verb, _channel);
        RespWriter.WriteCommand(output, "PING");
    }

    private volatile bool _refused;

    // Confirmations are out of band, so normally only the PING reply is in band. A refused subscription (ACL,
    // wrong arguments) answers in band with an error instead, and the PING reply follows it: two replies.
    public override int ReplyCount => _refused ? 2 : 1;

    public override void Observe(in RespValue reply, int index)
    {
        if (index == 0 && reply.IsError)
        {
            _refused = true;
        }
    }

    public override bool OnReply(in RespValue reply, int index)
    {
        if (!TryFinish())
        {
            return false;
        }
        _done(reply.IsError ? new RedisServerException(reply.AsString() ?? "", _verb) : null);
        return true;
    }

    public override void OnFailure(Exception error)
    {
        if (TryFinish())
        {
            _done(error);
        }
    }

    public override void OnTimeout(TimeSpan timeout)
    {
        if (TryFinish())
        {
            _done(new RedisTimeoutException(_verb, timeout, AbandonOnTimeout()));
        }
    }
}
