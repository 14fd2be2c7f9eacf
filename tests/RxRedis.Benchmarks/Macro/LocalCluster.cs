using System.Diagnostics;
using System.Globalization;

namespace RxRedis.Benchmarks.Macro;

/// <summary>
/// A Redis Cluster of primaries only (no replicas: the benchmark measures throughput, not failover) on free loopback
/// ports, joined by <c>redis-cli --cluster create</c>. The bus port is chosen explicitly because port+10000 may be
/// past 65535 for an ephemeral port.
/// </summary>
internal sealed class LocalCluster : IDisposable
{
    private readonly List<RedisServer> _nodes;

    private LocalCluster(List<RedisServer> nodes) => _nodes = nodes;

    /// <summary>A node to seed clients with, as host:port.</summary>
    public string Seed => $"127.0.0.1:{_nodes[0].Port}";

    public static async Task<LocalCluster> StartAsync(int primaries)
    {
        var cluster = new LocalCluster([]);
        try
        {
            for (var i = 0; i < primaries; i++)
            {
                cluster._nodes.Add(await RedisServer.StartAsync(
                [
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-port", RxRedis.IntegrationTests.Infrastructure.FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ]));
            }
            await RedisCliAsync(["--cluster", "create", .. cluster._nodes.Select(n => $"127.0.0.1:{n.Port}"), "--cluster-replicas", "0", "--cluster-yes"]);
            await cluster.WaitUntilOkAsync();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    // Every node must see all slots served before clients read the map.
    private async Task WaitUntilOkAsync()
    {
        var deadline = Stopwatch.StartNew();
        foreach (var node in _nodes)
        {
            while (!(await RedisCliAsync(["-p", node.Port.ToString(CultureInfo.InvariantCulture), "CLUSTER", "INFO"])).Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException("The benchmark cluster did not reach cluster_state:ok within 30 s.");
                }
                await Task.Delay(100);
            }
        }
    }

    private static async Task<string> RedisCliAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli {string.Join(' ', start.ArgumentList)} failed: {await output}{await error}");
        }
        return await output;
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }
}
