using System.Reactive.Concurrency;

namespace RxRedis.Connection;

/// <summary>
/// Ends a socket whose reply stopped arriving in the middle of its frame (issue 13): a server or proxy that sent part
/// of a reply and then nothing. The in-step check sent after the overdue reply cannot help, since its token would
/// arrive behind the unfinished frame, and the health check would replace the socket only a full interval later (15 s
/// by default), with every command meanwhile timing out behind it. Armed when a written command times out: once the
/// reader holds part of a frame and no byte has arrived for a whole <see cref="RedisOptions.CommandTimeout"/>, the
/// socket is closed (at once, when the frame stalled that long before the command's timeout), so in-flight
/// commands fail with an unknown outcome (and are resent when that is safe) and the connection reconnects. A reply
/// that is slow but moving is left alone, and so is a server that sends nothing at all (a slow command; the health
/// check covers a dead link).
/// </summary>
internal static class StalledReplyWatch
{
    /// <summary>Watches <paramref name="socket"/> for a stalled frame, unless a watch is armed already.</summary>
    public static void Arm(PhysicalConnection socket, IScheduler scheduler, TimeSpan timeout)
    {
        if (timeout != Timeout.InfiniteTimeSpan && socket.TryWatchStall())
        {
            Check(socket, scheduler, timeout, armed: true);
        }
    }

    private static void Check(PhysicalConnection socket, IScheduler scheduler, TimeSpan timeout, bool armed)
    {
        var unfinished = socket.UnfinishedBytes;
        if (socket.IsClosed || (unfinished == 0 && !armed))
        {
            socket.StallWatchEnded();
            return;
        }
        var silence = TimeSpan.FromTicks(scheduler.Now.UtcTicks - socket.LastReceive);
        if (unfinished == 0 || silence < timeout)
        {
            // Between frames just as the command timed out (part of a reply may be on its way), moving if slowly, or
            // stalled only lately: look again when a whole timeout has passed (since the last byte, if a frame is held).
            var next = unfinished == 0 ? timeout : timeout - silence;
            scheduler.Schedule((Socket: socket, Scheduler: scheduler, Timeout: timeout), next, static (_, s) =>
            {
                Check(s.Socket, s.Scheduler, s.Timeout, armed: false);
                return System.Reactive.Disposables.Disposable.Empty;
            });
            return;
        }
        socket.StallWatchEnded();
        socket.Close(new RedisConnectionException(
            $"{socket.EndPoint} stopped in the middle of a reply: {unfinished} bytes of it arrived, then nothing for {silence.TotalMilliseconds:0} ms; the connection was closed.",
            CommandOutcome.Unknown));
    }
}
