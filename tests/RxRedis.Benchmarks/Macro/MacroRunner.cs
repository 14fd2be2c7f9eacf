using System.Diagnostics;
using System.Globalization;

namespace RxRedis.Benchmarks.Macro;

/// <summary>
/// The side-by-side run: starts (or uses) a server, runs each workload for RxRedis and StackExchange.Redis
/// alternately for several rounds (the order flips every round), then redis-benchmark for the ceiling, and reports
/// medians. Allocation is process-wide (GC.GetTotalAllocatedBytes), so nothing else runs meanwhile.
/// </summary>
internal static class MacroRunner
{
    public static async Task<int> RunAsync(MacroOptions options)
    {
        // The cluster workloads run only when named, on a cluster of their own; the rest, if any are named too, follow.
        if (options.Only is { } only && only.Any(ClusterMacro.IsCluster))
        {
            await ClusterMacro.RunAsync(options, only);
            only.RemoveWhere(ClusterMacro.IsCluster);
            if (only.Count == 0)
            {
                return 0;
            }
        }
        var total = Stopwatch.StartNew();
        RedisServer? server = null;
        string host;
        int port;
        if (options.Url is { } url)
        {
            var colon = url.LastIndexOf(':');
            host = colon > 0 ? url[..colon] : url;
            port = colon > 0 ? int.Parse(url[(colon + 1)..], CultureInfo.InvariantCulture) : 6379;
        }
        else
        {
            server = await RedisServer.StartAsync();
            host = "127.0.0.1";
            port = server.Port;
            Console.WriteLine($"redis-server started on {host}:{port}");
        }
        try
        {
            var endpoint = $"{host}:{port}";
            return options.Bulk10M
                ? await Bulk10M.RunAsync(endpoint, options)
                : await RunSideBySideAsync(host, port, options, total);
        }
        finally
        {
            server?.Dispose();
            Console.WriteLine($"total time {total.Elapsed.TotalSeconds:0.0} s");
        }
    }

    private static async Task<int> RunSideBySideAsync(string host, int port, MacroOptions options, Stopwatch total)
    {
        var endpoint = $"{host}:{port}";
        var keys = Enumerable.Range(0, options.Keys).Select(RxRedisClient.KeyName).ToArray();
        var value = new byte[options.ValueSize];
        new Random(42).NextBytes(value);
        var mgetKeys = keys[..options.MGetKeys];
        var starving = new Dictionary<string, IClientUnderTest>();

        var workloads = new List<Workload>
        {
            new("set", $"bulk SET {options.Keys:N0} x {options.ValueSize} B", c => BulkAsync(c, c, keys, value, options.Window, set: true)),
            new("get", $"bulk GET {options.Keys:N0}", c => BulkAsync(c, c, keys, value, options.Window, set: false)),
            new("c1", "GET, 1 caller", c => CallersAsync(c, keys, 1, options.Duration, mget: false)),
            new("c16", "GET, 16 callers", c => CallersAsync(c, keys, 16, options.Duration, mget: false)),
            new("c256", "GET, 256 callers", c => CallersAsync(c, keys, 256, options.Duration, mget: false)),
            new("mget", $"MGET {options.MGetKeys} keys, {options.MGetCallers} callers", c => CallersAsync(c, mgetKeys, options.MGetCallers, options.Duration, mget: true)),
            new("pubsub", $"pub/sub 1 -> {FanOutSubscribers} subscribers", c => FanOutAsync(c, value, options.Window)),
            new("pipe", $"plain pipelined SET {options.Keys:N0}", c => PipelinedAsync(c, keys, value, options.PipelineWindow)),
            new("starve", $"starvation: {options.StarveItems} blocked GET callers", c => StarvationAsync(starving[c.Name], keys[0], options.StarveItems, options.StarveDuration)),
        };
        if (options.Only is { } only)
        {
            workloads.RemoveAll(w => !only.Contains(w.Id));
        }

        await using var rx = await RxRedisClient.ConnectAsync(endpoint, options.HighIntegrity);
        await using var se = await SERedisClient.ConnectAsync(endpoint);
        IClientUnderTest[] clients = [rx, se];

        // Keys must exist for the read workloads even when bulk SET is not selected; then warm both clients up.
        await rx.FlushAllAsync();
        await rx.BulkSetAsync(keys, value, options.Window);
        Console.WriteLine("warming up ...");
        var warmKeys = keys[..Math.Min(keys.Length, 50_000)];
        foreach (var client in clients)
        {
            await client.BulkSetAsync(warmKeys, value, options.Window);
            await client.BulkGetAsync(warmKeys, options.ValueSize, options.Window);
            await CallersAsync(client, keys, 16, TimeSpan.FromMilliseconds(500), mget: false);
            await CallersAsync(client, mgetKeys, 4, TimeSpan.FromMilliseconds(300), mget: true);
        }

        // The starvation workload's clients have a 1 s command timeout, as in the reports it reproduces.
        await using var rxStarving = await RxRedisClient.ConnectAsync(endpoint, options.HighIntegrity, TimeSpan.FromSeconds(1));
        await using var seStarving = await SERedisClient.ConnectAsync(endpoint, TimeSpan.FromSeconds(1));
        starving[rx.Name] = rxStarving;
        starving[se.Name] = seStarving;

        var runs = workloads.ToDictionary(w => w.Id, _ => clients.ToDictionary(c => c.Name, _ => new List<Measurement>()));
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var workload in workloads)
            {
                var order = round % 2 == 1 ? clients : clients.Reverse().ToArray();
                foreach (var client in order)
                {
                    var m = await workload.Run(client);
                    runs[workload.Id][client.Name].Add(m);
                    Console.WriteLine($"round {round} {workload.Title,-34} {client.Name,-9} {Report.Format(m)}");
                }
            }
        }

        await VerifyAsync(rx, se, keys, value);

        Dictionary<string, Measurement> ceiling = [];
        if (options.Ceiling)
        {
            Console.WriteLine("redis-benchmark ceiling ...");
            ceiling = await RedisBenchmarkCeiling.RunAsync(host, port, options, mgetKeys);
        }
        var report = new Report(options, workloads, runs, ceiling, total.Elapsed);
        Console.WriteLine();
        Console.WriteLine(report.ConsoleTable());
        Directory.CreateDirectory(options.OutDir);
        var md = Path.Combine(options.OutDir, "results.md");
        await File.WriteAllTextAsync(md, report.Markdown());
        var chart = Chart.Write(report, options.OutDir);
        Console.WriteLine($"wrote {md} and {chart}");
        return 0;
    }

    // Every key must read back as the exact value through both clients (a sample of 1,000 spread over the range).
    private static async Task VerifyAsync(IClientUnderTest rx, IClientUnderTest se, string[] keys, byte[] value)
    {
        for (var i = 0; i < keys.Length; i += Math.Max(1, keys.Length / 1000))
        {
            foreach (var client in new[] { rx, se })
            {
                var read = await client.ReadAsync(keys[i]);
                if (read is null || !read.AsSpan().SequenceEqual(value))
                {
                    throw new InvalidOperationException($"{client.Name} read back a wrong value for {keys[i]}.");
                }
            }
        }
        Console.WriteLine("verified a sample of 1,000 keys through both clients");
    }

    private static void Quiesce()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>One bulk SET (after FLUSHALL through <paramref name="flusher"/>) or GET of every key, timed, with allocation per key.</summary>
    internal static async Task<Measurement> BulkAsync(IClientUnderTest client, IClientUnderTest flusher, string[] keys, byte[] value, int window, bool set)
    {
        if (set)
        {
            await flusher.FlushAllAsync();
        }
        Quiesce();
        var before = ProcessCounters.Read();
        var start = Stopwatch.GetTimestamp();
        var ok = set ? await client.BulkSetAsync(keys, value, window) : await client.BulkGetAsync(keys, value.Length, window);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var m = ProcessCounters.Since(before, keys.Length, keys.Length / elapsed.TotalSeconds);
        if (ok != keys.Length)
        {
            throw new InvalidOperationException($"{client.Name}: only {ok:N0} of {keys.Length:N0} bulk {(set ? "SET" : "GET")}s succeeded.");
        }
        return m;
    }

    /// <summary>SET of every key as one plain command each (no bulk API), at most <paramref name="window"/> outstanding.</summary>
    private static async Task<Measurement> PipelinedAsync(IClientUnderTest client, string[] keys, byte[] value, int window)
    {
        Quiesce();
        var before = ProcessCounters.Read();
        var start = Stopwatch.GetTimestamp();
        var ok = await client.PipelinedSetAsync(keys, value, window);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var m = ProcessCounters.Since(before, keys.Length, keys.Length / elapsed.TotalSeconds);
        if (ok != keys.Length)
        {
            throw new InvalidOperationException($"{client.Name}: only {ok:N0} of {keys.Length:N0} pipelined SETs succeeded.");
        }
        return m;
    }

    private const int FanOutSubscribers = 10;
    private const int FanOutMessages = 100_000;

    // One publisher, ten subscribers on the same client; ops are deliveries (messages x subscribers).
    private static async Task<Measurement> FanOutAsync(IClientUnderTest client, byte[] payload, int window)
    {
        Quiesce();
        var before = ProcessCounters.Read();
        var start = Stopwatch.GetTimestamp();
        var delivered = await client.FanOutAsync($"bench:fanout:{client.Name}", FanOutSubscribers, FanOutMessages, payload, window);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return ProcessCounters.Since(before, delivered, delivered / elapsed.TotalSeconds);
    }

    private static async Task<Measurement> CallersAsync(IClientUnderTest client, string[] keys, int callers, TimeSpan duration, bool mget)
    {
        var capacity = Math.Max(4096, (mget ? 1_000_000 : 4_000_000) / callers);
        var latencies = new long[callers][];
        for (var i = 0; i < callers; i++)
        {
            latencies[i] = new long[capacity];
        }
        var tasks = new Task<int>[callers];
        Quiesce();
        var before = ProcessCounters.Read();
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < callers; i++)
        {
            var lat = latencies[i];
            var seed = (int)((long)i * keys.Length / callers);
            tasks[i] = mget
                ? Task.Run(() => client.MGetCallerAsync(keys, deadline, lat))
                : Task.Run(() => client.GetCallerAsync(keys, seed, deadline, lat));
        }
        var counts = await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var counters = ProcessCounters.Since(before, counts.Sum(), 0);
        return WithLatencies(counters, latencies, counts, elapsed);
    }

    /// <summary>Ops/s, p50 and p99 from each caller's first <c>counts[i]</c> latencies (in Stopwatch ticks).</summary>
    private static Measurement WithLatencies(Measurement counters, long[][] latencies, int[] counts, TimeSpan elapsed)
    {
        var ops = counts.Sum();
        var all = new long[ops];
        var offset = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            Array.Copy(latencies[i], 0, all, offset, counts[i]);
            offset += counts[i];
        }
        Array.Sort(all);
        var toMicros = 1_000_000.0 / Stopwatch.Frequency;
        return counters with
        {
            OpsPerSecond = ops / elapsed.TotalSeconds,
            P50Micros = Stats.Percentile(all, ops, 0.50) * toMicros,
            P99Micros = Stats.Percentile(all, ops, 0.99) * toMicros,
        };
    }

    /// <summary>
    /// Thread-pool starvation (issue 17): <paramref name="items"/> pool work items, each looping a sync-over-async GET
    /// (<c>GetAwaiter().GetResult()</c>) for <paramref name="duration"/> on a client with a 1 s command timeout. With
    /// the default minimum of one pool thread per core, the pool grows slowly, so nearly every pool thread is blocked
    /// in a GET; a client that needs a pool thread to read a reply times out. Ops/s counts completed calls.
    /// </summary>
    private static async Task<Measurement> StarvationAsync(IClientUnderTest client, string key, int items, TimeSpan duration)
    {
        var latencies = new long[items][];
        var counts = new int[items];
        long timeouts = 0;
        using var done = new CountdownEvent(items);
        Quiesce();
        var before = ProcessCounters.Read();
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < items; i++)
        {
            var index = i;
            latencies[i] = new long[20_000];
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                var lat = latencies[index];
                var n = 0;
                while (n < lat.Length && Stopwatch.GetTimestamp() < deadline)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    if (client.BlockingGet(key))
                    {
                        lat[n++] = Stopwatch.GetTimestamp() - t0;
                    }
                    else
                    {
                        Interlocked.Increment(ref timeouts);
                    }
                }
                counts[index] = n;
                done.Signal();
            }, null);
        }
        // Waited for on a thread of its own: the pool is the thing being starved.
        await Task.Factory.StartNew(() => done.Wait(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var ops = counts.Sum();
        var counters = ProcessCounters.Since(before, ops, 0);
        if (client.TakeFirstFailure() is { } failure)
        {
            Console.WriteLine($"  {client.Name} first failure: {failure}");
        }
        return WithLatencies(counters, latencies, counts, elapsed) with
        {
            Completed = ops,
            Timeouts = Interlocked.Read(ref timeouts),
        };
    }
}
