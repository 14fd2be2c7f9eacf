namespace RxRedis.Benchmarks.Macro;

/// <summary>One run of one workload by one client (or the redis-benchmark ceiling, which has no allocation figure).</summary>
internal sealed record Measurement(double OpsPerSecond, double? P50Micros, double? P99Micros, double? BytesPerOp)
{
    /// <summary>Client process CPU time per operation (all threads), in microseconds.</summary>
    public double? CpuMicrosPerOp { get; init; }

    /// <summary>Thread-pool work items completed per operation: the pool hops the client made.</summary>
    public double? PoolItemsPerOp { get; init; }

    /// <summary>Calls that failed with a timeout (the starvation workload); ops counts only the completed ones.</summary>
    public long? Timeouts { get; init; }

    /// <summary>Calls completed (the starvation workload, where ops/s alone hides how few there were).</summary>
    public long? Completed { get; init; }
}

/// <summary>A workload of the macro benchmark.</summary>
/// <param name="Id">Short name for --only.</param>
/// <param name="Title">Row title in the table.</param>
/// <param name="Run">Runs it once for a client.</param>
internal sealed record Workload(string Id, string Title, Func<IClientUnderTest, Task<Measurement>> Run);

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double? Median(IEnumerable<double?> values)
    {
        var present = values.Where(v => v.HasValue).Select(v => v!.Value).ToArray();
        return present.Length == 0 ? null : Median(present);
    }

    /// <summary>The value at quantile <paramref name="q"/> of sorted data (nearest rank).</summary>
    public static long Percentile(long[] sorted, int count, double q) =>
        count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * count) - 1, 0, count - 1)];
}
