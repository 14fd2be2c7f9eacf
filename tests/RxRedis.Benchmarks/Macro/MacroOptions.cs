using System.Globalization;

namespace RxRedis.Benchmarks.Macro;

/// <summary>Command-line settings of the side-by-side macro benchmark.</summary>
internal sealed class MacroOptions
{
    public const string Usage = """
        macro options:
          --rounds N        rounds; each runs every workload for RxRedis and StackExchange.Redis alternately (default 3)
          --keys N          keys for bulk SET/GET (default 1000000)
          --window N        outstanding commands in the bulk workloads (default 32768)
          --duration S      seconds per request/response and MGET run (default 3)
          --url host:port   use this server instead of starting redis-server (it is FLUSHALLed!)
          --out DIR         where results.md and the chart go (default artifacts/bench)
          --no-ceiling      skip the redis-benchmark runs
          --starve-items N  pool work items blocked in sync-over-async GETs in the starve workload (default 200)
          --starve-seconds S  seconds per starve run (default 10)
          --only LIST       comma-separated workloads: set,get,c1,c16,c256,mget,pubsub,pipe,starve, and cluster-set,cluster-get
                            (these start a local 3-primary cluster and run only when named)
          --high-integrity  RxRedis with RedisOptions.HighIntegrity (an in-step check ends every write batch)
          --bulk-10m        instead: 10,000,000-key bulk SET through RxRedis, reporting peak working set
        """;

    public int Rounds { get; private set; } = 3;

    public int Keys { get; private set; } = 1_000_000;

    public int Window { get; private set; } = 32_768;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(3);

    public string? Url { get; private set; }

    public string OutDir { get; private set; } = Path.Combine("artifacts", "bench");

    public bool Ceiling { get; private set; } = true;

    public bool Bulk10M { get; private set; }

    /// <summary>Runs RxRedis with <c>RedisOptions.HighIntegrity</c>, to measure what the per-batch check costs.</summary>
    public bool HighIntegrity { get; private set; }

    public HashSet<string>? Only { get; private set; }

    public int StarveItems { get; private set; } = 200;

    public TimeSpan StarveDuration { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>Outstanding plain commands in the pipelined workload (the figure: 16,384).</summary>
    public int PipelineWindow => 16_384;

    public int ValueSize => 16;

    public int MGetKeys => 100;

    public int MGetCallers => 16;

    public static MacroOptions Parse(string[] args)
    {
        var o = new MacroOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--rounds": o.Rounds = Math.Max(1, Int()); break;
                case "--keys": o.Keys = Math.Max(1000, Int()); break;
                case "--window": o.Window = Math.Max(1, Int()); break;
                case "--duration": o.Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--url": o.Url = Next(); break;
                case "--starve-items": o.StarveItems = Math.Max(1, Int()); break;
                case "--starve-seconds": o.StarveDuration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--out": o.OutDir = Next(); break;
                case "--no-ceiling": o.Ceiling = false; break;
                case "--bulk-10m": o.Bulk10M = true; break;
                case "--high-integrity": o.HighIntegrity = true; break;
                case "--only": o.Only = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }
        return o;
    }
}
