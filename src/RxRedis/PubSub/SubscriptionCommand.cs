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

    // An error here is the server refusing the subscription (ACL, wrong arguments): the PING reply then comes next
    // and, with no entry waiting, drops the connection; restore after reconnect meets the same refusal. Accepted
    // because ACL refusals are configuration errors, and the caller sees this error first.
    public override void OnReply(in RespValue reply, int index) =>
        _done(reply.IsError ? new RedisServerException(reply.AsString() ?? "", _verb) : null);

    public override void OnFailure(Exception error) => _done(error);
}
