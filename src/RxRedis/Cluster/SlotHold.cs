using System.Buffers;
using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Cluster;

/// <summary>
/// Keeps a slot's newer commands in <see cref="ClusterResendLane"/> while its owner changes (issue 18). Once the
/// client routes a slot to its new owner (after a <c>MOVED</c>, or a slot map read again), newly issued commands go
/// there at once, while older ones still in flight on the old owner come back <c>MOVED</c> later and would follow
/// them: the newer write applied first. A hold is a lane entry, issued before the new owner was known, so every
/// command for the slot issued later waits behind it. It ends with its <see cref="SlotBarrier"/> on the old owner.
/// </summary>
internal sealed class SlotHold(SlotBarrier barrier, int slot, long issued, (long Place, long Issued) order) : IClusterResend
{
    public SlotBarrier Barrier { get; } = barrier;

    public int Slot { get; } = slot;

    public long Issued { get; } = issued;

    /// <summary>Its place in the lane: by its number, or ahead of the slot's never-sent entries already waiting.</summary>
    public (long Place, long Issued) Order { get; } = order;

    public CommandFlags Flags => CommandFlags.None;

    public bool DefaultTimeout => true;

    /// <summary>The lane is closing: nothing waits on a hold itself.</summary>
    public void GiveUp(Exception error)
    {
    }
}

/// <summary>
/// A <c>PING</c> queued on a slot's old owner once the new owner is in the slot map, behind everything routed there
/// before: when it is answered or fails, each older command's reply was read (or the command failed), and those
/// redirected joined the lane in their issue order, ahead of the holds, which end with it
/// (https://redis.io/docs/latest/commands/ping/). The bound: it also ends at the default command timeout, so a command
/// with a longer timeout of its own, still unanswered on a stalled old owner, can come back after newer writes.
/// It goes in once every command that read the old owner from the map is in that queue (<see cref="SlotRouteFence"/>).
/// </summary>
internal sealed class SlotBarrier(ClusterResendLane lane, RedisConnection source) : PendingCommand
{
    private static ReadOnlySpan<byte> PingFrame => "*1\r\n$4\r\nPING\r\n"u8;

    /// <summary>The slots' old owner.</summary>
    public RedisConnection Source { get; } = source;

    /// <summary>The slots it holds (filled by <see cref="ClusterResendLane.Hold"/>).</summary>
    public List<int> Slots { get; } = [];

    public override string Name => "PING (slot owner changed)";

    /// <summary>Queues the barrier on the old owner; call once the slot map names the new owner.</summary>
    public void Send() => Source.Enqueue(this, defaultTimeout: true);

    /// <summary>Ends the holds, whatever the reply: only its place in the old owner's reply stream matters.</summary>
    public override bool OnReply(in RespValue reply, int index)
    {
        End();
        return true;
    }

    /// <summary>
    /// Not sent, or its socket lost: every command sent before it has failed, and joined the lane if it may go again.
    /// A node that left the map fails what is queued at once but still reads replies to what it wrote, until it is
    /// closed: the holds end then.
    /// </summary>
    public override void OnFailure(Exception error)
    {
        if (Source.IsDisposing)
        {
            Source.WhenClosed.ContinueWith(static (_, self) => ((SlotBarrier)self!).End(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return;
        }
        End();
    }

    public override void OnTimeout(TimeSpan timeout) => End();

    public override void Write(IBufferWriter<byte> output) => output.Write(PingFrame);

    private void End()
    {
        if (TryFinish())
        {
            lane.Poke();
        }
    }
}
