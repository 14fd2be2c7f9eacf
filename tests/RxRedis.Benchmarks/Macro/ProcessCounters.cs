using System.Diagnostics;

namespace RxRedis.Benchmarks.Macro;

/// <summary>
/// Process-wide counters read before and after a run: allocated bytes, CPU time (every thread of the client
/// process; the server is another process) and thread-pool work items completed, which counts the pool hops a
/// client makes (plus the harness's own, the same for both clients).
/// </summary>
internal readonly record struct ProcessCounters(long AllocatedBytes, TimeSpan Cpu, long PoolWorkItems)
{
    public static ProcessCounters Read()
    {
        using var process = Process.GetCurrentProcess();
        return new(GC.GetTotalAllocatedBytes(precise: true), process.TotalProcessorTime, ThreadPool.CompletedWorkItemCount);
    }

    /// <summary>The measurement of <paramref name="ops"/> operations done since <paramref name="before"/>.</summary>
    public static Measurement Since(ProcessCounters before, double ops, double opsPerSecond, double? p50 = null, double? p99 = null)
    {
        var after = Read();
        var n = Math.Max(1, ops);
        return new Measurement(opsPerSecond, p50, p99, (after.AllocatedBytes - before.AllocatedBytes) / n)
        {
            CpuMicrosPerOp = (after.Cpu - before.Cpu).TotalMicroseconds / n,
            PoolItemsPerOp = (after.PoolWorkItems - before.PoolWorkItems) / n,
        };
    }
}
