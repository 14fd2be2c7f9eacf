using System.Diagnostics;

namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>
/// A real Redis Cluster on loopback: primaries and replicas as separate redis-server processes with
/// <c>--cluster-enabled yes</c>, joined by <c>redis-cli --cluster create</c>. The cluster bus port of each node is
/// chosen explicitly (<c>--cluster-port</c>) because port+10000 may be past 65535 for an ephemeral port.
/// </summary>
public sealed class RedisClusterProcess : IAsyncDisposable
{
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromSeconds(30);

    private readonly int _replicaCount;

    private RedisClusterProcess(IReadOnlyList<RedisServerProcess> nodes, int replicaCount)
    {
        Nodes = nodes;
        _replicaCount = replicaCount;
    }

    /// <summary>Every node, primaries and replicas alike, in start order.</summary>
    public IReadOnlyList<RedisServerProcess> Nodes { get; }

    /// <summary>Starts <paramref name="primaries"/> primaries with <paramref name="replicasPerPrimary"/> replicas each and waits until every node reports the cluster as ok.</summary>
    public static async Task<RedisClusterProcess> StartAsync(int primaries = 3, int replicasPerPrimary = 1)
    {
        var nodes = new List<RedisServerProcess>();
        try
        {
            for (var i = 0; i < primaries * (1 + replicasPerPrimary); i++)
            {
                nodes.Add(await RedisServerProcess.StartAsync(new RedisServerOptions
                {
                    ExtraArgs =
                    [
                        "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000",
                        // CLUSTER SLOTS/SHARDS hide replicas whose replication offset is still 0; frequent
                        // primary pings move it on an empty data set within a second.
                        "--repl-ping-replica-period", "1",
                        "--cluster-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ],
                }));
            }
            await CreateAsync(nodes, replicasPerPrimary);
            var cluster = new RedisClusterProcess(nodes, primaries * replicasPerPrimary);
            await cluster.WaitUntilConvergedAsync();
            return cluster;
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>
    /// Waits until every running node says <c>cluster_state:ok</c> with all 16384 slots served and sees every
    /// replica attached (replicas join a moment after <c>--cluster create</c> returns).
    /// </summary>
    public async Task WaitUntilConvergedAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var converged = true;
            foreach (var node in Nodes.Where(n => n.IsRunning))
            {
                var info = await node.ExecRawAsync("CLUSTER", "INFO");
                var nodes = await node.ExecRawAsync("CLUSTER", "NODES");
                // CLUSTER NODES: "<id> <ip:port@bus> <flags> ..."; flags such as "myself,slave" or "slave,fail?".
                var replicas = nodes.Split('\n')
                    .Select(line => line.Split(' '))
                    .Count(fields => fields.Length > 2 && fields[2].Split(',') is var flags
                        && flags.Contains("slave") && !flags.Any(f => f.StartsWith("fail", StringComparison.Ordinal)));
                converged &= info.Contains("cluster_state:ok", StringComparison.Ordinal)
                    && info.Contains("cluster_slots_ok:16384", StringComparison.Ordinal)
                    && replicas >= _replicaCount
                    && await ListsEveryNodeInClusterSlotsAsync(node);
            }
            if (converged)
            {
                return;
            }
            if (deadline.Elapsed > ConvergeTimeout)
            {
                throw new TimeoutException($"The cluster did not converge within {ConvergeTimeout.TotalSeconds} s.");
            }
            await Task.Delay(100);
        }
    }

    private async Task<bool> ListsEveryNodeInClusterSlotsAsync(RedisServerProcess node)
    {
        var lines = (await node.ExecRawAsync("CLUSTER", "SLOTS")).Split('\n').ToHashSet();
        return Nodes.Where(n => n.IsRunning).All(n => lines.Contains(n.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static async Task CreateAsync(IReadOnlyList<RedisServerProcess> nodes, int replicasPerPrimary)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var node in nodes)
        {
            start.ArgumentList.Add(node.Endpoint);
        }
        start.ArgumentList.Add("--cluster-replicas");
        start.ArgumentList.Add(replicasPerPrimary.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--cluster-yes");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli could not be started; install redis-tools.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
