using System.Buffers;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.PubSub;

/// <summary>
/// <c>SUBSCRIBE</c>-family command followed by <c>PING</c>, written as one entry. (Un)subscribe confirmations are out
/// of band (RESP3 pushes, or RESP2 arrays the subscriber connection classifies as such), so the command itself takes
/// no FIFO slot; the PING does, and its reply arrives only after the server has processed the subscription. That
/// reply is the confirmation, and the FIFO stays aligned without the connection knowing about pub/sub.
/// Some servers confirm in band instead: Garnet, under RESP3, answers <c>SUBSCRIBE</c> with a plain array
/// (<c>*3 subscribe ch 1</c>) while its messages are pushes. That array is this entry's own first reply, so the
/// entry takes it as well and still finishes on the PING reply: never a reply for the next command, never a hang.
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
    private volatile bool _confirmedInBand;

    // Confirmations are out of band, so normally only the PING reply is in band. A refused subscription (ACL,
    // wrong arguments) answers in band with an error instead, and the PING reply follows it: two replies. So does
    // a confirmation sent as an array rather than a push.
    public override int ReplyCount => _refused || _confirmedInBand ? 2 : 1;

    public override void Observe(in RespValue reply, int index)
    {
        if (index != 0)
        {
            return;
        }
        if (reply.IsError)
        {
            _refused = true;
        }
        else if (PubSubFrames.IsConfirmationOf(reply, _verb, _channel))
        {
            _confirmedInBand = true;
        }
    }

    public override bool OnReply(in RespValue reply, int index)
    {
        if (index == 0 && _confirmedInBand)
        {
            // The in-band confirmation: readiness still comes from the PING reply that follows it.
            return !IsFinished;
        }
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
