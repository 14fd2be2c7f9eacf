using System.Diagnostics;

namespace RxRedis.Benchmarks.Macro;

/// <summary>
/// The cluster workloads (<c>--only cluster-set,cluster-get</c>): a local 3-primary cluster, bulk SET then bulk GET
/// of the keys spread over its slots, RxRedis and StackExchange.Redis alternately on the same cluster, medians
/// reported like the single-server table. The flush before each SET round goes through StackExchange.Redis, which
/// sends FLUSHALL to every primary.
/// </summary>
internal static class ClusterMacro
{
    public const string Set = "cluster-set";
    public const string Get = "cluster-get";

    public static bool IsCluster(string id) => id is Set or Get;

    public static async Task RunAsync(MacroOptions options, IReadOnlySet<string> only)
    {
        var total = Stopwatch.StartNew();
        using var cluster = await LocalCluster.StartAsync(primaries: 3);
        Console.WriteLine($"3-primary cluster started, seed {cluster.Seed}");
        var keys = Enumerable.Range(0, options.Keys).Select(RxRedisClient.KeyName).ToArray();
        var value = new byte[options.ValueSize];
        new Random(42).NextBytes(value);

        await using var rx = await RxRedisClient.ConnectClusterAsync(cluster.Seed);
        await using var se = await SERedisClient.ConnectAsync(cluster.Seed);
        IClientUnderTest[] clients = [rx, se];
        var workloads = new List<Workload>
        {
            new(Set, $"cluster bulk SET {options.Keys:N0} x {options.ValueSize} B", c => MacroRunner.BulkAsync(c, se, keys, value, options.Window, set: true)),
            new(Get, $"cluster bulk GET {options.Keys:N0}", c => MacroRunner.BulkAsync(c, se, keys, value, options.Window, set: false)),
        };
        workloads.RemoveAll(w => !only.Contains(w.Id));

        Console.WriteLine("warming up ...");
        await se.BulkSetAsync(keys, value, options.Window); // the GET workload reads these
        foreach (var client in clients)
        {
            await client.BulkSetAsync(keys[..50_000], value, options.Window);
            await client.BulkGetAsync(keys[..50_000], value.Length, options.Window);
        }

        var runs = workloads.ToDictionary(w => w.Id, _ => clients.ToDictionary(c => c.Name, _ => new List<Measurement>()));
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var workload in workloads)
            {
                foreach (var client in round % 2 == 1 ? clients : clients.Reverse())
                {
                    var m = await workload.Run(client);
                    runs[workload.Id][client.Name].Add(m);
                    Console.WriteLine($"round {round} {workload.Title,-34} {client.Name,-9} {Report.Format(m)}");
                }
            }
        }
        for (var i = 0; i < keys.Length; i += Math.Max(1, keys.Length / 1000))
        {
            foreach (var client in clients)
            {
                if (await client.ReadAsync(keys[i]) is not { } read || !read.AsSpan().SequenceEqual(value))
                {
                    throw new InvalidOperationException($"{client.Name} read back a wrong value for {keys[i]} from the cluster.");
                }
            }
        }
        Console.WriteLine("verified a sample of 1,000 keys through both clients");

        var report = new Report(options, workloads, runs, [], total.Elapsed);
        Console.WriteLine();
        Console.WriteLine(report.ConsoleTable());
        Directory.CreateDirectory(options.OutDir);
        var md = Path.Combine(options.OutDir, "cluster-results.md");
        await File.WriteAllTextAsync(md, report.Markdown());
        Console.WriteLine($"wrote {md}");
    }
}
