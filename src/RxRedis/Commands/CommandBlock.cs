using System.Buffers;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Commands;

/// <summary>
/// The connection queue entry for a batch or transaction: all frames are written in one <c>Write</c> call,
/// so they reach the socket as one contiguous block (the writer flushes between entries, never inside one), and
/// the entry takes <c>ReplyCount</c> replies. When the last reply (or a failure) arrives, the items' results
/// and the block's own outcome are delivered in order on the thread pool.
/// </summary>
internal abstract class CommandBlock : PendingCommand, IThreadPoolWorkItem
{
    private IObserver<bool>? _observer;

    protected CommandBlock(IReadOnlyList<BlockItem> items) => Items = items;

    protected IReadOnlyList<BlockItem> Items { get; }

    /// <summary>The block's outcome: true when it ran (for a transaction, false when WATCH aborted it).</summary>
    protected bool Outcome { get; set; } = true;

    /// <summary>Set when the block as a whole failed.</summary>
    protected Exception? Error { get; set; }

    /// <summary>Queues the block under the client's default command timeout, which covers the whole block.</summary>
    public void Start(RedisConnection connection, IObserver<bool> observer)
    {
        _observer = observer;
        connection.Enqueue(this, defaultTimeout: true);
    }

    /// <summary>Sets who is told the outcome, for a block the cluster's resend lane queues later.</summary>
    public void Observe(IObserver<bool> observer) => _observer = observer;

    public sealed override bool OnReply(in RespValue reply, int index)
    {
        if (IsFinished)
        {
            return false; // the block already failed or timed out: its remaining replies are read and dropped
        }
        HandleReply(reply, index);
        return true;
    }

    /// <summary>Handles reply <paramref name="index"/> of the block; calls <see cref="Complete"/> after the last.</summary>
    protected abstract void HandleReply(in RespValue reply, int index);

    public override void OnFailure(Exception error)
    {
        if (!TryFinish())
        {
            return;
        }
        Error = error;
        for (var i = 0; i < Items.Count; i++)
        {
            if (!IsSentOn(i))
            {
                Items[i].SetError(error);
            }
        }
        DeliveryBatch.Post(this);
    }

    /// <summary>True for an item that went on as a command of its own (a batch item's redirect): its outcome is that command's.</summary>
    protected virtual bool IsSentOn(int index) => false;

    public override void OnTimeout(TimeSpan timeout) => OnFailure(new RedisTimeoutException(Name, timeout, AbandonOnTimeout(), Connection?.DescribeLoad()));

    /// <summary>Called once the last reply was handled: hands delivery to the thread pool.</summary>
    protected void Complete()
    {
        if (TryFinish())
        {
            DeliveryBatch.Post(this);
        }
    }

    public void Execute()
    {
        DeliverItems();
        var observer = Interlocked.Exchange(ref _observer, null);
        if (observer is null)
        {
            return;
        }
        if (Error is { } error)
        {
            observer.OnError(error);
            return;
        }
        observer.OnNext(Outcome);
        observer.OnCompleted();
    }

    /// <summary>Delivers the items' results; a block whose items are sent again elsewhere leaves those to the next block.</summary>
    protected virtual void DeliverItems()
    {
        foreach (var item in Items)
        {
            item.Deliver();
        }
    }

    /// <summary>The subscriber went away: it gets nothing more; a block not yet written is not sent at all.</summary>
    public void Cancel()
    {
        if (Interlocked.Exchange(ref _observer, null) is null)
        {
            return;
        }
        var outcome = Abandon();
        // Once abandoned its replies are dropped, so nothing else will end the items: end them here, or whoever
        // awaits one of them would wait for ever.
        if (!TryFinish())
        {
            return;
        }
        var error = outcome == CommandOutcome.NotSent
            ? new RedisException($"{Name} was not sent: its subscription was disposed.", CommandOutcome.NotSent)
            : new RedisException($"{Name} was sent, but its subscription was disposed before the replies came; it may or may not have run.", CommandOutcome.Unknown);
        foreach (var item in Items)
        {
            item.SetError(error);
            item.Deliver();
        }
    }

    protected static void WriteCommand(IBufferWriter<byte> output, CommandInfo info)
    {
        RespWriter.WriteArrayHeader(output, 1);
        output.Write(info.EncodedName);
    }
}
