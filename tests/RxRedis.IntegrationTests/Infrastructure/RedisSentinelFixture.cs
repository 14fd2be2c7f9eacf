using System.Diagnostics;
using System.Globalization;
using RxRedis.Resilience;

namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>
/// A Sentinel deployment on loopback, started once per test run for the "sentinel" collection: a primary, a replica
/// and three sentinels (quorum 2) monitoring them as <see cref="ServiceName"/>, each on a free port with its own
/// generated sentinel.conf. Failover tests move the primary, so every test starts with
/// <see cref="WaitUntilStableAsync"/>, which also says which node is the primary now.
/// See https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/.
/// </summary>
public sealed class RedisSentinelFixture : IAsyncLifetime
{
    public const string ServiceName = "mymaster";

    // Replicas report to sentinels through INFO every 10 s, and a demoted primary is reconfigured about 8 s after a
    // failover and then resyncs: a minute covers a slow machine.
    private static readonly TimeSpan StableTimeout = TimeSpan.FromSeconds(60);

    private readonly List<RedisServerProcess> _nodes = [];
    private readonly List<RedisServerProcess> _sentinels = [];

    /// <summary>The two Redis nodes: the primary at start, then the replica. Which is primary now: <see cref="WaitUntilStableAsync"/>.</summary>
    public IReadOnlyList<RedisServerProcess> Nodes => _nodes;

    public IReadOnlyList<RedisServerProcess> Sentinels => _sentinels;

    /// <summary>Client options that find <see cref="ServiceName"/> through the three sentinels.</summary>
    public RedisOptions Options(SentinelReadFrom readFrom = SentinelReadFrom.Primary)
    {
        var sentinel = new SentinelOptions { ServiceName = ServiceName, ReadFrom = readFrom };
        foreach (var process in _sentinels)
        {
            sentinel.EndPoints.Add(RedisEndPoint.Tcp(RedisServerProcess.Host, process.Port));
        }
        return new RedisOptions
        {
            Sentinel = sentinel,
            ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500)),
        };
    }

    public async Task InitializeAsync()
    {
        var primary = await StartNodeAsync([]);
        await StartNodeAsync(["--replicaof", RedisServerProcess.Host, primary.Port.ToString(CultureInfo.InvariantCulture)]);
        // A sentinel lists the replicas from the primary's INFO, which it asks for at once and then every 10 s:
        // with the replica linked first, the sentinels know it from the start.
        await WaitForAsync(async () => (await _nodes[1].ExecRawAsync("INFO", "replication")).Contains("master_link_status:up", StringComparison.Ordinal)
            ? null : "the replica is not linked to the primary yet");
        for (var i = 0; i < 3; i++)
        {
            _sentinels.Add(await RedisServerProcess.StartAsync(new RedisServerOptions
            {
                Sentinel = true,
                ConfigLines =
                [
                    "sentinel resolve-hostnames no",
                    $"sentinel monitor {ServiceName} {RedisServerProcess.Host} {primary.Port} 2",
                    $"sentinel down-after-milliseconds {ServiceName} 1000",
                    $"sentinel failover-timeout {ServiceName} 5000",
                    $"sentinel parallel-syncs {ServiceName} 1",
                ],
            }));
        }
        await WaitUntilStableAsync();
    }

    private async Task<RedisServerProcess> StartNodeAsync(string[] extraArgs)
    {
        // Frequent pings move the replication offset on an idle data set, so replicas look current to sentinels.
        var node = await RedisServerProcess.StartAsync(new RedisServerOptions { ExtraArgs = ["--repl-ping-replica-period", "1", .. extraArgs] });
        _nodes.Add(node);
        return node;
    }

    /// <summary>
    /// Waits until the deployment is settled and returns the primary: every sentinel names the same primary, sees
    /// the other two sentinels and the other node as a replica that is up with its link ok, and both nodes' ROLE agrees.
    /// </summary>
    public async Task<RedisServerProcess> WaitUntilStableAsync()
    {
        RedisServerProcess? primary = null;
        await WaitForAsync(async () =>
        {
            var named = new HashSet<string>();
            foreach (var sentinel in _sentinels)
            {
                named.Add((await sentinel.ExecRawAsync("SENTINEL", "GET-MASTER-ADDR-BY-NAME", ServiceName)).Replace('\n', ':'));
            }
            if (named.Count != 1)
            {
                return $"the sentinels name different primaries: {string.Join(", ", named)}";
            }
            var port = int.Parse(named.Single().Split(':')[1], CultureInfo.InvariantCulture);
            primary = _nodes.Single(n => n.Port == port);
            var replica = _nodes.Single(n => n != primary);
            foreach (var sentinel in _sentinels)
            {
                var replicas = Entries(await sentinel.ExecRawAsync("SENTINEL", "REPLICAS", ServiceName));
                if (!replicas.Any(r => r["port"] == replica.Port.ToString(CultureInfo.InvariantCulture) && r["flags"] == "slave" && r["master-link-status"] == "ok"))
                {
                    return $"sentinel {sentinel.Port} does not see {replica.Port} as a healthy replica yet";
                }
                var peers = Entries(await sentinel.ExecRawAsync("SENTINEL", "SENTINELS", ServiceName));
                if (peers.Count(p => p["flags"] == "sentinel") != _sentinels.Count - 1)
                {
                    return $"sentinel {sentinel.Port} does not know the other sentinels yet";
                }
            }
            if (!(await primary.ExecRawAsync("ROLE")).StartsWith("master", StringComparison.Ordinal)
                || !(await replica.ExecRawAsync("INFO", "replication")).Contains($"master_port:{primary.Port}\r\nmaster_link_status:up", StringComparison.Ordinal))
            {
                return $"{replica.Port} is not yet a linked replica of {primary.Port}";
            }
            return null;
        });
        return primary!;
    }

    // SENTINEL REPLICAS/SENTINELS as RawRedisConnection renders them: every field name and value on its own line,
    // one instance after another, each starting with "name".
    private static List<Dictionary<string, string>> Entries(string reply)
    {
        var entries = new List<Dictionary<string, string>>();
        var lines = reply.Split('\n');
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            if (lines[i] == "name")
            {
                entries.Add([]);
            }
            if (entries.Count > 0)
            {
                entries[^1][lines[i]] = lines[i + 1];
            }
        }
        return entries;
    }

    private async Task WaitForAsync(Func<Task<string?>> notYet)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var why = await notYet();
            if (why is null)
            {
                return;
            }
            if (clock.Elapsed > StableTimeout)
            {
                var logs = string.Join("\n", _sentinels.Select(s => $"--- sentinel {s.Port} ---\n{s.OutputTail}"));
                throw new TimeoutException($"The Sentinel deployment did not settle within {StableTimeout.TotalSeconds} s: {why}.\n{logs}");
            }
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _sentinels.Concat(_nodes))
        {
            await process.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisSentinelCollectionDefinition : ICollectionFixture<RedisSentinelFixture>
{
    public const string Name = "sentinel";
}
