using System.Diagnostics;

namespace RxRedis.Benchmarks.Macro;

/// <summary>
/// 10,000,000-key bulk SET through RxRedis with a bounded window, sampling the process' working set: the point is
/// that memory stays bounded by the window, not by the number of keys. Keys are generated on the fly (one small
/// string each), so the key list does not count against the client.
/// </summary>
internal static class Bulk10M
{
    public const int Count = 10_000_000;

    public static async Task<int> RunAsync(string endpoint, MacroOptions options)
    {
        await using var rx = await RxRedisClient.ConnectAsync(endpoint);
        await rx.FlushAllAsync();
        var value = new byte[options.ValueSize];
        new Random(42).NextBytes(value);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        long peak = baseline;
        using var sampler = new Timer(_ =>
        {
            using var p = Process.GetCurrentProcess();
            var ws = p.WorkingSet64;
            if (ws > Interlocked.Read(ref peak))
            {
                Interlocked.Exchange(ref peak, ws);
            }
        }, null, 0, 50);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var gen2 = GC.CollectionCount(2);
        var start = Stopwatch.GetTimestamp();
        var ok = await rx.BulkSetGeneratedAsync(Count, value, options.Window);
        var elapsed = Stopwatch.GetElapsedTime(start);
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        gen2 = GC.CollectionCount(2) - gen2;
        process.Refresh();
        var mib = 1024.0 * 1024.0;
        var text = $"""
            # RxRedis bulk SET of {Count:N0} keys ({options.ValueSize} B values, window {options.Window:N0})

            | figure | value |
            | --- | --- |
            | succeeded | {ok:N0} |
            | elapsed | {elapsed.TotalSeconds:0.0} s |
            | ops/s | {Count / elapsed.TotalSeconds:N0} |
            | working set before | {baseline / mib:N0} MiB |
            | peak working set (sampled every 50 ms) | {Interlocked.Read(ref peak) / mib:N0} MiB |
            | peak working set (Process.PeakWorkingSet64) | {process.PeakWorkingSet64 / mib:N0} MiB |
            | allocated per op (incl. one generated key string) | {(double)allocated / Count:N0} B |
            | gen2 collections | {gen2} |
            """;
        Console.WriteLine(text);
        Directory.CreateDirectory(options.OutDir);
        await File.WriteAllTextAsync(Path.Combine(options.OutDir, "results-10m.md"), text + Environment.NewLine);
        return ok == Count ? 0 : 1;
    }
}
