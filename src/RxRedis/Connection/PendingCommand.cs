using System.Buffers;
using RxRedis.Protocol;

namespace RxRedis.Connection;

/// <summary>
/// One entry of a connection's command queue and, once written, of its in-flight FIFO. The connection only
/// writes it and hands it replies or a failure; what the reply means is the subclass's business, so a decoding
/// bug fails one command and never the connection.
/// </summary>
internal abstract class PendingCommand
{
    // Queued -> Written (writer loop) or Abandoned (owner gave up first); Written -> WrittenAbandoned (reply will be dropped).
    private const int Queued = 0, Written = 1, Abandoned = 2, WrittenAbandoned = 3;
    private int _state;

    /// <summary>The command name for diagnostics and errors; never the arguments (they may hold secrets).</summary>
    public abstract string Name { get; }

    /// <summary>How many reply frames this entry consumes (more than one for a batch or transaction written as a block).</summary>
    public virtual int ReplyCount => 1;

    /// <summary>True once the connection has put the command's bytes into its output.</summary>
    public bool IsWritten => Volatile.Read(ref _state) is Written or WrittenAbandoned;

    /// <summary>True once the owner stopped caring (disposed or timed out): unwritten, it is skipped; written, its reply is dropped.</summary>
    public bool IsAbandoned => Volatile.Read(ref _state) is Abandoned or WrittenAbandoned;

    /// <summary>Writes the command's frame(s). Arguments are validated at the call, so this cannot fail half-way.</summary>
    public abstract void Write(IBufferWriter<byte> output);

    /// <summary>Receives the next reply frame, on the reader loop: must be quick and must not block.</summary>
    public abstract void OnReply(in RespValue reply, int index);

    /// <summary>Receives the failure that ended this command (connection lost, client disposed, ...).</summary>
    public abstract void OnFailure(Exception error);

    /// <summary>Called by the writer loop: claims the command for writing unless it was abandoned while queued.</summary>
    public bool TryBeginWrite() => Interlocked.CompareExchange(ref _state, Written, Queued) == Queued;

    /// <summary>
    /// Marks the command as no longer wanted. Returns the outcome so far: <see cref="CommandOutcome.NotSent"/> when
    /// it was still queued (the writer will skip it), <see cref="CommandOutcome.Unknown"/> when it was written (it
    /// keeps its FIFO slot and its reply is dropped).
    /// </summary>
    public CommandOutcome Abandon()
    {
        if (Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued)
        {
            return CommandOutcome.NotSent;
        }
        Interlocked.CompareExchange(ref _state, WrittenAbandoned, Written);
        return IsWritten ? CommandOutcome.Unknown : CommandOutcome.NotSent;
    }
}
