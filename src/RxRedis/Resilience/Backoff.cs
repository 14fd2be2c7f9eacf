namespace RxRedis.Resilience;

/// <summary>
/// Exponential backoff with jitter: attempt <c>n</c> (1-based) waits <c>min(Max, Min * 2^(n-1))</c>, then a random
/// share of up to <see cref="Jitter"/> of that is taken off, so many clients do not retry in lock-step
/// (the "equal jitter" family; see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
/// </summary>
/// <param name="Min">The first wait.</param>
/// <param name="Max">The longest wait.</param>
/// <param name="Jitter">The largest share (0 to 1) of a wait that is randomly removed.</param>
public sealed record Backoff(TimeSpan Min, TimeSpan Max, double Jitter = 0.5)
{
    /// <summary>The wait before attempt <paramref name="attempt"/> (1-based), using <paramref name="random"/> for jitter.</summary>
    public TimeSpan Delay(int attempt, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentNullException.ThrowIfNull(random);
        var shift = Math.Min(attempt - 1, 30);
        var ticks = Math.Min(Max.Ticks, Min.Ticks * (1L << shift));
        if (ticks < 0)
        {
            ticks = Max.Ticks; // overflow of Min << shift
        }
        var jitter = (long)(ticks * Math.Clamp(Jitter, 0, 1) * random.NextDouble());
        return TimeSpan.FromTicks(ticks - jitter);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Min, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(Max, Min);
        ArgumentOutOfRangeException.ThrowIfLessThan(Jitter, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Jitter, 1);
    }
}
