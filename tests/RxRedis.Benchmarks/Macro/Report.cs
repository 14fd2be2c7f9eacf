using System.Globalization;
using System.Text;

namespace RxRedis.Benchmarks.Macro;

/// <summary>Medians per workload and client, the redis-benchmark ceiling, and the targets checked against them.</summary>
internal sealed class Report
{
    public const string Rx = "RxRedis";
    public const string Se = "SE.Redis";
    public const string Ceiling = "redis-benchmark";

    private readonly MacroOptions _options;
    private readonly TimeSpan _elapsed;

    public Report(
        MacroOptions options,
        IReadOnlyList<Workload> workloads,
        Dictionary<string, Dictionary<string, List<Measurement>>> runs,
        Dictionary<string, Measurement> ceiling,
        TimeSpan elapsed)
    {
        _options = options;
        _elapsed = elapsed;
        Workloads = workloads;
        foreach (var w in workloads)
        {
            var row = new Dictionary<string, Measurement>();
            foreach (var (client, list) in runs[w.Id])
            {
                row[client] = new Measurement(
                    Stats.Median(list.Select(m => m.OpsPerSecond)),
                    Stats.Median(list.Select(m => m.P50Micros)),
                    Stats.Median(list.Select(m => m.P99Micros)),
                    Stats.Median(list.Select(m => m.BytesPerOp)))
                {
                    CpuMicrosPerOp = Stats.Median(list.Select(m => m.CpuMicrosPerOp)),
                    PoolItemsPerOp = Stats.Median(list.Select(m => m.PoolItemsPerOp)),
                    Completed = (long?)Stats.Median(list.Select(m => (double?)m.Completed)),
                    Timeouts = (long?)Stats.Median(list.Select(m => (double?)m.Timeouts)),
                };
                Spread[(w.Id, client)] = list.Count < 2 ? "" : Spreads(list);
            }
            if (ceiling.TryGetValue(w.Id, out var c))
            {
                row[Ceiling] = c;
            }
            Medians[w.Id] = row;
        }
    }

    public IReadOnlyList<Workload> Workloads { get; }

    public Dictionary<string, Dictionary<string, Measurement>> Medians { get; } = [];

    /// <summary>Lowest and highest ops/s of the rounds, as a share of the median: how far to trust the row.</summary>
    private Dictionary<(string Workload, string Client), string> Spread { get; } = [];

    private static string Spreads(List<Measurement> list)
    {
        var median = Stats.Median(list.Select(m => m.OpsPerSecond));
        return median <= 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"{list.Min(m => m.OpsPerSecond) / median - 1:+0%;-0%;0%}/{list.Max(m => m.OpsPerSecond) / median - 1:+0%;-0%;0%}");
    }

    public static string Format(Measurement m) =>
        $"{m.OpsPerSecond,12:N0} ops/s  p50 {Micros(m.P50Micros),8}  p99 {Micros(m.P99Micros),8}  {Bytes(m.BytesPerOp),8} B/op  {Cpu(m.CpuMicrosPerOp),7} us CPU/op  {Hops(m.PoolItemsPerOp),6} pool/op{Starved(m)}";

    private static string Cpu(double? us) => us is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string Hops(double? h) => h is { } v ? v.ToString(v < 10 ? "0.000" : "N0", CultureInfo.InvariantCulture) : "-";

    private static string Starved(Measurement m) => m.Timeouts is { } t ? $"  {m.Completed:N0} completed, {t:N0} timed out" : "";

    private static string Micros(double? us) => us is { } v ? v.ToString(v < 100 ? "0.0" : "N0", CultureInfo.InvariantCulture) + " us" : "-";

    private static string Bytes(double? b) => b is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private IEnumerable<string[]> Rows()
    {
        foreach (var w in Workloads)
        {
            var row = Medians[w.Id];
            row.TryGetValue(Se, out var se);
            foreach (var client in new[] { Rx, Se, Ceiling })
            {
                if (!row.TryGetValue(client, out var m))
                {
                    continue;
                }
                var ratio = client == Rx && se is not null ? (m.OpsPerSecond / se.OpsPerSecond).ToString("0.00x", CultureInfo.InvariantCulture) : "";
                var allocRatio = client == Rx && se?.BytesPerOp is > 0 && m.BytesPerOp is { } b ? (b / se.BytesPerOp.Value).ToString("0.00x", CultureInfo.InvariantCulture) : "";
                Spread.TryGetValue((w.Id, client), out var spread);
                yield return
                [
                    w.Title, client, m.OpsPerSecond.ToString("N0", CultureInfo.InvariantCulture), ratio, spread ?? "",
                    Micros(m.P50Micros), Micros(m.P99Micros), Bytes(m.BytesPerOp), allocRatio,
                    Cpu(m.CpuMicrosPerOp), Hops(m.PoolItemsPerOp),
                    m.Timeouts is { } t ? $"{m.Completed:N0} / {t:N0}" : "",
                ];
            }
        }
    }

    private static readonly string[] Header = ["workload", "client", "ops/s", "vs SE", "spread", "p50", "p99", "B/op", "B/op vs SE", "CPU us/op", "pool/op", "done / timed out"];

    public string ConsoleTable()
    {
        var rows = Rows().ToList();
        var widths = Header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join("  ", Header.Select((h, i) => i < 2 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))));
        foreach (var r in rows)
        {
            sb.AppendLine(string.Join("  ", r.Select((c, i) => i < 2 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
        }
        sb.AppendLine();
        foreach (var line in Targets())
        {
            sb.AppendLine(line);
        }
        return sb.ToString();
    }

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# RxRedis vs StackExchange.Redis: macro benchmark");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Medians of {_options.Rounds} rounds (clients alternate, order flips each round); {Environment.ProcessorCount} cores, .NET {Environment.Version}, loopback redis-server. ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Bulk window {_options.Window:N0} outstanding; request/response runs {_options.Duration.TotalSeconds:0.#} s each. B/op is process-wide GC.GetTotalAllocatedBytes per operation. ");
        sb.AppendLine("redis-benchmark rows are the server ceiling: bulk with `-P 64 -c 50 -r <keys>`, request/response with `-P 1 -c <callers>`.");
        sb.AppendLine();
        sb.AppendLine("| " + string.Join(" | ", Header) + " |");
        sb.AppendLine("|" + string.Concat(Header.Select((_, i) => i < 2 ? " --- |" : " ---: |")));
        foreach (var r in Rows())
        {
            sb.AppendLine("| " + string.Join(" | ", r) + " |");
        }
        sb.AppendLine();
        sb.AppendLine("## Targets");
        sb.AppendLine();
        foreach (var line in Targets())
        {
            sb.AppendLine("- " + line);
        }
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run took {_elapsed.TotalMinutes:0.0} min. These are benchmark figures, not tests.");
        return sb.ToString();
    }

    private IEnumerable<string> Targets()
    {
        Measurement? Get(string id, string client) =>
            Medians.TryGetValue(id, out var row) && row.TryGetValue(client, out var m) ? m : null;
        static string Mark(bool ok) => ok ? "MET " : "MISS";

        foreach (var id in new[] { "set", "get" })
        {
            if (Get(id, Rx) is { } rx && Get(id, Se) is { } se)
            {
                var ratio = rx.OpsPerSecond / se.OpsPerSecond;
                yield return $"{Mark(ratio >= 2)} bulk {id.ToUpperInvariant()} >= 2x SE.Redis ops/s: {ratio:0.00}x";
                if (Get(id, Ceiling) is { } c)
                {
                    var share = rx.OpsPerSecond / c.OpsPerSecond;
                    yield return $"{Mark(share >= 0.5)} bulk {id.ToUpperInvariant()} >= 50% of redis-benchmark -P 64 -c 50: {share:P0}";
                }
            }
        }
        if (Get("c256", Rx) is { } rx256 && Get("c256", Se) is { } se256)
        {
            var ratio = rx256.OpsPerSecond / se256.OpsPerSecond;
            yield return $"{Mark(ratio >= 1.5)} 256 callers >= 1.5x SE.Redis ops/s: {ratio:0.00}x";
        }
        if (Get("c1", Rx) is { P50Micros: { } rx1 } && Get("c1", Se) is { P50Micros: { } se1 })
        {
            yield return $"{Mark(rx1 <= se1 * 1.02)} 1 caller p50 no worse than SE.Redis: {rx1:0.0} us vs {se1:0.0} us";
        }
        if (Get("starve", Rx) is { Timeouts: { } rxTimeouts } && Get("starve", Se) is { Timeouts: { } seTimeouts })
        {
            yield return $"{Mark(rxTimeouts == 0)} starvation: RxRedis 0 timeouts: {rxTimeouts:N0} (SE.Redis {seTimeouts:N0})";
        }
        if (Get("pipe", Rx) is { } rxPipe && Get("pipe", Se) is { } sePipe)
        {
            var ratio = rxPipe.OpsPerSecond / sePipe.OpsPerSecond;
            yield return $"{Mark(ratio >= 1.5)} plain pipelined >= 1.5x SE.Redis ops/s: {ratio:0.00}x; {Hops(rxPipe.PoolItemsPerOp)} pool/op (goal <= 0.05)";
        }
        if (Get("c1", Rx) is { PoolItemsPerOp: { } hops1 })
        {
            yield return $"{Mark(hops1 <= 3)} 1 caller <= 3 pool work items per awaited GET: {hops1:0.00}";
        }
        foreach (var w in Workloads)
        {
            if (Get(w.Id, Rx) is { BytesPerOp: { } rb } && Get(w.Id, Se) is { BytesPerOp: { } sb } && sb > 0)
            {
                yield return $"{Mark(rb <= sb / 3)} {w.Title}: allocation <= 1/3 of SE.Redis: {rb:N0} B/op vs {sb:N0} B/op ({rb / sb:0.00}x)";
            }
        }
    }
}
