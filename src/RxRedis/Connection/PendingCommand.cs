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
    private int _finished;

    /// <summary>The command name for diagnostics and errors; never the arguments (they may hold secrets).</summary>
    public abstract string Name { get; }

    /// <summary>How many reply frames this entry consumes (more than one for a batch or transaction written as a block).</summary>
    public virtual int ReplyCount => 1;

    /// <summary>True once the connection has put the command's bytes into its output.</summary>
    public bool IsWritten => Volatile.Read(ref _state) is Written or WrittenAbandoned;

    /// <summary>True once the owner stopped caring (disposed or timed out): unwritten, it is skipped; written, its reply is dropped.</summary>
    public bool IsAbandoned => Volatile.Read(ref _state) is Abandoned or WrittenAbandoned;

    /// <summary>True once a reply, failure or timeout has claimed the command's one terminal outcome.</summary>
    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>True when nothing more will happen to it: finished, or abandoned by its owner.</summary>
    public bool IsDone => IsFinished || IsAbandoned;

    /// <summary>The attempt this entry is on: 1 when first queued, one more for each ordered resend (see <see cref="ResendQueue"/>).</summary>
    public int Attempt { get => Volatile.Read(ref _attempt); private set => Volatile.Write(ref _attempt, value); }

    private int _attempt = 1;

    /// <summary>
    /// The connection this entry was queued on (set by <see cref="RedisConnection.Enqueue"/>): where an overdue reply is
    /// reported and where an ordered resend goes.
    /// </summary>
    public RedisConnection? Connection { get; set; }

    /// <summary>When the default command timeout expires, in <see cref="DateTimeOffset.UtcTicks"/> of the scheduler's clock (set by <see cref="DeadlineQueue"/>).</summary>
    public long DeadlineTicks { get; set; }

    /// <summary>Writes the command's frame(s). Arguments are validated at the call, so this cannot fail half-way.</summary>
    public abstract void Write(IBufferWriter<byte> output);

    /// <summary>
    /// Receives the next reply frame, on the reader loop: must be quick and must not block. Returns false when the
    /// reply was dropped because the command had already ended (timed out), so the connection can count late replies.
    /// </summary>
    public abstract bool OnReply(in RespValue reply, int index);

    /// <summary>
    /// Sees every reply frame taken from the FIFO for this entry, before <see cref="OnReply"/> and even when the
    /// entry was abandoned, so an entry whose frame count depends on what the server sends (a refused SUBSCRIBE)
    /// keeps its slot right however it ended.
    /// </summary>
    public virtual void Observe(in RespValue reply, int index)
    {
    }

    /// <summary>Receives the failure that ended this command (connection lost, client disposed, ...), unless it already ended.</summary>
    public abstract void OnFailure(Exception error);

    /// <summary>
    /// The command's timeout elapsed. It ends with a timeout error unless it already ended; a written command keeps
    /// its FIFO slot and its late reply is dropped; a queued one is skipped by the writer.
    /// </summary>
    public abstract void OnTimeout(TimeSpan timeout);

    /// <summary>Claims the single terminal outcome; only the caller that gets true may deliver one.</summary>
    protected bool TryFinish() => Interlocked.Exchange(ref _finished, 1) == 0;

    /// <summary>Called by the writer loop: claims the command for writing unless it was abandoned while queued.</summary>
    public bool TryBeginWrite() => Interlocked.CompareExchange(ref _state, Written, Queued) == Queued;

    /// <summary>
    /// Makes a written entry queued again for an ordered resend (its socket was lost, or the server refused it with an
    /// error that proves it was not applied) and counts the attempt. False when its owner abandoned it meanwhile; the
    /// caller must not have claimed the terminal outcome.
    /// </summary>
    public bool TryPrepareResend()
    {
        if (IsFinished)
        {
            return false;
        }
        // Counted before the entry is queued again, so an Abandon racing the resend already sees it was sent once.
        Attempt++;
        if (Interlocked.CompareExchange(ref _state, Queued, Written) != Written)
        {
            Attempt--;
            return false;
        }
        return true;
    }

    /// <summary>
    /// Marks the command as no longer wanted. Returns the outcome so far: <see cref="CommandOutcome.NotSent"/> when
    /// it was still queued (the writer will skip it), <see cref="CommandOutcome.Unknown"/> when it was written (it
    /// keeps its FIFO slot and its reply is dropped).
    /// </summary>
    public CommandOutcome Abandon()
    {
        if (Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued)
        {
            // Queued again for a resend: the first attempt may have run.
            return Attempt > 1 ? CommandOutcome.Unknown : CommandOutcome.NotSent;
        }
        Interlocked.CompareExchange(ref _state, WrittenAbandoned, Written);
        return IsWritten ? CommandOutcome.Unknown : CommandOutcome.NotSent;
    }

    /// <summary>
    /// <see cref="Abandon"/> for a command whose timeout elapsed. A written one still owes a reply, which may mean the
    /// stream lost one and is out of step: the connection is told, so it checks before it trusts further replies.
    /// </summary>
    protected CommandOutcome AbandonOnTimeout()
    {
        var outcome = Abandon();
        if (Volatile.Read(ref _state) == WrittenAbandoned)
        {
            Connection?.OnReplyOverdue();
        }
        return outcome;
    }
}
