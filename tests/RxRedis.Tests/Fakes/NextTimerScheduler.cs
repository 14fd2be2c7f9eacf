using Microsoft.Reactive.Testing;

namespace RxRedis.Tests.Fakes;

/// <summary>
/// A test scheduler driven from one timer the client sets to the next, so a retry's send time is its backoff exactly.
/// It does not wait for commands in flight, so a timer the client leaves due while they are (the cluster lane's round
/// timer once outlived the lane's last entry) stamps their arrival late and fails the schedule.
/// </summary>
internal sealed class NextTimerScheduler : TestScheduler
{
    /// <summary>When the next timer is due, or null when none is set.</summary>
    public long? NextDue => GetNext()?.DueTime;

    /// <summary>Moves the clock to each timer the client sets, until <paramref name="done"/> holds (bounded in real time).</summary>
    public async Task DriveUntilAsync(Func<bool> done, string what)
    {
        for (var i = 0; i < 1000 && !done(); i++)
        {
            if (NextDue is { } due)
            {
                AdvanceTo(Math.Max(due, Clock));
            }
            else
            {
                await Task.Delay(10);
            }
        }
        Assert.True(done(), $"Timed out driving the clock until {what}.");
    }
}
