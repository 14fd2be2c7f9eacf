using System.Buffers;
using RxRedis.Protocol;

namespace RxRedis.Connection;

/// <summary>
/// A command-channel entry that is never sent. Closing a connection writes it to wake a writer loop parked on the
/// channel, so the loop can wait without a cancellation token: a cancelable wait allocates an operation every time
/// the channel runs dry (once per command for a lone caller), an uncancelable one reuses a single operation. It is
/// born abandoned, so every writer loop skips it, and finished, so a failure or timeout handed to it does nothing.
/// </summary>
internal sealed class WriterWakeUp : PendingCommand
{
    public static readonly WriterWakeUp Instance = new();

    private WriterWakeUp()
    {
        Abandon();
        TryFinish();
    }

    public override string Name => "(writer wake-up)";

    public override void Write(IBufferWriter<byte> output) =>
        throw new InvalidOperationException("The writer wake-up is never sent.");

    public override bool OnReply(in RespValue reply, int index) => false;

    public override void OnFailure(Exception error)
    {
    }

    public override void OnTimeout(TimeSpan timeout)
    {
    }
}
