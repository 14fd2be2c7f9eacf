using System.Reactive.Concurrency;

namespace RxRedis.Connection;

/// <summary>
/// Ends a socket whose reply stopped arriving in the middle of its frame (issue 13): a server or proxy that sent part
/// of a reply and then nothing. The in-step check sent after the overdue reply cannot help, since its token would
/// arrive behind the unfinished frame, and the health check would replace the socket only a full interval later (15 s
/// by default), with every command meanwhile timing out behind it. Armed when a written command times out; if the
/// reader then holds part of a frame and a whole <see cref="RedisOptions.CommandTimeout"/> passes with no byte
/// received, the socket is closed, so in-flight commands fail with an unknown outcome (and are resent when that is
/// safe) and the connection reconnects. A reply that is slow but moving (bytes arriving) is left alone, and so is a
/// server that sends nothing at all (a slow command; the health check covers a dead link).
/// </summary>
internal static class StalledReplyWatch
{
    /// <summary>Watches <paramref name="socket"/> for a stalled frame, unless a watch is armed already.</summary>
    public static void Arm(PhysicalConnection socket, IScheduler scheduler, TimeSpan timeout)
    {
        if (timeout != Timeout.InfiniteTimeSpan && socket.TryWatchStall())
        {
            Schedule(socket, scheduler, timeout, socket.Receives);
        }
    }

    private static void Schedule(PhysicalConnection socket, IScheduler scheduler, TimeSpan timeout, long receives) =>
        scheduler.Schedule((Socket: socket, Scheduler: scheduler, Timeout: timeout, Receives: receives), timeout, static (_, s) =>
        {
            Check(s.Socket, s.Scheduler, s.Timeout, s.Receives);
            return System.Reactive.Disposables.Disposable.Empty;
        });

    private static void Check(PhysicalConnection socket, IScheduler scheduler, TimeSpan timeout, long receivesWhenArmed)
    {
        var unfinished = socket.UnfinishedBytes;
        if (socket.IsClosed || unfinished == 0)
        {
            socket.StallWatchEnded();
            return;
        }
        var receives = socket.Receives;
        if (receives != receivesWhenArmed)
        {
            Schedule(socket, scheduler, timeout, receives); // moving, if slowly: watch the next stretch
            return;
        }
        socket.StallWatchEnded();
        socket.Close(new RedisConnectionException(
            $"{socket.EndPoint} stopped in the middle of a reply: {unfinished} bytes of it arrived, then nothing for {timeout.TotalMilliseconds:0} ms; the connection was closed.",
            CommandOutcome.Unknown));
    }
}
