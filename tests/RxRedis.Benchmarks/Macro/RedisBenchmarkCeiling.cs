using System.Diagnostics;
using System.Globalization;

namespace RxRedis.Benchmarks.Macro;

/// <summary>Runs redis-benchmark for the same workloads and parses its CSV output: the server's ceiling on this machine.</summary>
internal static class RedisBenchmarkCeiling
{
    public static async Task<Dictionary<string, Measurement>> RunAsync(string host, int port, MacroOptions options, string[] mgetKeys)
    {
        var results = new Dictionary<string, Measurement>();
        var common = new[] { "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture), "-d", options.ValueSize.ToString(CultureInfo.InvariantCulture), "--csv" };
        var n = options.Keys.ToString(CultureInfo.InvariantCulture);

        // Bulk: deep pipelining from 50 connections, the client-independent upper bound. -r spreads the keys over a
        // keyspace as large as the clients' (without it every SET overwrites one key, a cheaper workload than inserting).
        var bulk = await RunAsync([.. common, "-t", "set,get", "-n", n, "-r", n, "-P", "64", "-c", "50"]);
        Add(results, "set", bulk, "SET");
        Add(results, "get", bulk, "GET");
        foreach (var (id, callers, count) in new[] { ("c1", 1, 100_000), ("c16", 16, 300_000), ("c256", 256, 300_000) })
        {
            var rr = await RunAsync([.. common, "-t", "get", "-n", count.ToString(CultureInfo.InvariantCulture), "-P", "1", "-c", callers.ToString(CultureInfo.InvariantCulture)]);
            Add(results, id, rr, "GET");
        }
        var mget = await RunAsync([.. common, "-n", "50000", "-P", "1", "-c", options.MGetCallers.ToString(CultureInfo.InvariantCulture), "MGET", .. mgetKeys]);
        if (mget.Count > 0)
        {
            results["mget"] = mget.Values.First();
        }
        return results;
    }

    private static void Add(Dictionary<string, Measurement> results, string id, Dictionary<string, Measurement> parsed, string test)
    {
        if (parsed.TryGetValue(test, out var m))
        {
            results[id] = m;
        }
    }

    // CSV: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    private static async Task<Dictionary<string, Measurement>> RunAsync(string[] args)
    {
        var psi = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("redis-benchmark did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var results = new Dictionary<string, Measurement>();
        string[]? header = null;
        foreach (var line in (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var cells = line.Split("\",\"").Select(c => c.Trim('"')).ToArray();
            if (cells[0] == "test")
            {
                header = cells;
                continue;
            }
            if (header is null || cells.Length != header.Length)
            {
                continue;
            }
            double Cell(string name) => double.Parse(cells[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
            var test = cells[0].Split(' ')[0];
            results[test] = new Measurement(Cell("rps"), Cell("p50_latency_ms") * 1000, Cell("p99_latency_ms") * 1000, null);
        }
        return results;
    }
}
