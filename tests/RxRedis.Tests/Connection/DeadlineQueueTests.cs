using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.Reactive.Testing;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Tests.Connection;

/// <summary>The shared default-timeout queue: timeouts in virtual time, and that it lets go of finished commands.</summary>
public sealed class DeadlineQueueTests
{
    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void Finished_commands_are_released_by_the_next_add_without_the_timer()
    {
        var queue = new DeadlineQueue(_scheduler, TimeSpan.FromSeconds(5));
        var finished = AddAndFinish(queue, 1000);

        queue.Add(new Entry());
        GC.Collect();

        Assert.Equal(0, finished.Count(w => w.TryGetTarget(out _)));
    }

    [Fact]
    public void A_command_still_waiting_behind_finished_ones_times_out_at_its_deadline()
    {
        var queue = new DeadlineQueue(_scheduler, TimeSpan.FromSeconds(1));
        var waiting = new Entry();
        queue.Add(waiting);
        AddAndFinish(queue, 10);
        var later = new Entry();
        queue.Add(later);

        _scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks - 1);
        Assert.Null(waiting.TimedOut);
        _scheduler.AdvanceBy(1);

        Assert.Equal(TimeSpan.FromSeconds(1), waiting.TimedOut);
        Assert.Equal(TimeSpan.FromSeconds(1), later.TimedOut);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference<Entry>> AddAndFinish(DeadlineQueue queue, int count)
    {
        var added = new List<WeakReference<Entry>>(count);
        for (var i = 0; i < count; i++)
        {
            var entry = new Entry();
            queue.Add(entry);
            entry.Finish();
            added.Add(new WeakReference<Entry>(entry));
        }
        return added;
    }

    private sealed class Entry : PendingCommand
    {
        public TimeSpan? TimedOut { get; private set; }

        public override string Name => "TEST";

        public void Finish() => TryFinish();

        public override void Write(IBufferWriter<byte> output)
        {
        }

        public override bool OnReply(in RespValue reply, int index) => TryFinish();

        public override void OnFailure(Exception error) => TryFinish();

        public override void OnTimeout(TimeSpan timeout)
        {
            if (TryFinish())
            {
                TimedOut = timeout;
            }
        }
    }
}
