using System.Globalization;

namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>
/// Moves hash slots between primaries of a live cluster the way <c>redis-cli --cluster reshard</c> does:
/// <c>CLUSTER SETSLOT IMPORTING/MIGRATING</c>, <c>MIGRATE</c> of every key, then <c>SETSLOT NODE</c> on every
/// primary (https://redis.io/docs/latest/commands/cluster-setslot/#redis-cluster-live-resharding-explained).
/// The steps are separate so a test can stop half-way and see <c>ASK</c> redirects.
/// </summary>
public static class ClusterSlotMigration
{
    /// <summary>The primary that owns <paramref name="slot"/>, asked of any running node.</summary>
    public static async Task<RedisServerProcess> OwnerOfAsync(this RedisClusterProcess cluster, int slot)
    {
        var any = cluster.Nodes.First(n => n.IsRunning);
        var lines = (await any.ExecRawAsync("CLUSTER", "SLOTS")).Split('\n');
        // Rendered one field per line: start, end, then each node's ip, port, id (and metadata for newer servers).
        for (var i = 0; i + 4 < lines.Length; i++)
        {
            if (int.TryParse(lines[i], CultureInfo.InvariantCulture, out var start) && int.TryParse(lines[i + 1], CultureInfo.InvariantCulture, out var end)
                && lines[i + 2] == RedisServerProcess.Host && start <= slot && slot <= end)
            {
                var port = int.Parse(lines[i + 3], CultureInfo.InvariantCulture);
                return cluster.Nodes.Single(n => n.Port == port);
            }
        }
        throw new InvalidOperationException($"No node owns slot {slot}.");
    }

    /// <summary>The running primaries.</summary>
    public static async Task<IReadOnlyList<RedisServerProcess>> PrimariesAsync(this RedisClusterProcess cluster)
    {
        var primaries = new List<RedisServerProcess>();
        foreach (var node in cluster.Nodes.Where(n => n.IsRunning))
        {
            if ((await node.ExecRawAsync("ROLE")).StartsWith("master", StringComparison.Ordinal))
            {
                primaries.Add(node);
            }
        }
        return primaries;
    }

    /// <summary>The primary that owns <paramref name="slot"/> and another primary to move it to.</summary>
    public static async Task<(RedisServerProcess Source, RedisServerProcess Target)> OwnerAndAnotherPrimaryAsync(this RedisClusterProcess cluster, int slot)
    {
        var source = await cluster.OwnerOfAsync(slot);
        return (source, (await cluster.PrimariesAsync()).First(p => p != source));
    }

    /// <summary>Marks <paramref name="slot"/> as leaving <paramref name="source"/> for <paramref name="target"/>.</summary>
    public static async Task BeginAsync(int slot, RedisServerProcess source, RedisServerProcess target)
    {
        var s = slot.ToString(CultureInfo.InvariantCulture);
        await Expect("OK", target.ExecRawAsync("CLUSTER", "SETSLOT", s, "IMPORTING", await IdAsync(source)));
        await Expect("OK", source.ExecRawAsync("CLUSTER", "SETSLOT", s, "MIGRATING", await IdAsync(target)));
    }

    /// <summary>Moves up to <paramref name="batch"/> keys of <paramref name="slot"/> to the target; returns how many moved.</summary>
    public static async Task<int> MigrateKeysAsync(int slot, RedisServerProcess source, RedisServerProcess target, int batch = 100)
    {
        var keys = (await source.ExecRawAsync("CLUSTER", "GETKEYSINSLOT", slot.ToString(CultureInfo.InvariantCulture), batch.ToString(CultureInfo.InvariantCulture)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (keys is [] or ["(empty array)"])
        {
            return 0;
        }
        await Expect("OK", source.ExecRawAsync(["MIGRATE", RedisServerProcess.Host, target.Port.ToString(CultureInfo.InvariantCulture), "", "0", "5000", "KEYS", .. keys]));
        return keys.Length;
    }

    /// <summary>Moves the one key <paramref name="key"/> to the target (other keys of its slot, e.g. other tests', stay).</summary>
    public static Task MigrateKeyAsync(string key, RedisServerProcess source, RedisServerProcess target) =>
        Expect("OK", source.ExecRawAsync("MIGRATE", RedisServerProcess.Host, target.Port.ToString(CultureInfo.InvariantCulture), key, "0", "5000"));

    /// <summary>Gives <paramref name="slot"/> to <paramref name="target"/> on every primary, ending the migration.</summary>
    public static async Task FinishAsync(this RedisClusterProcess cluster, int slot, RedisServerProcess target)
    {
        var id = await IdAsync(target);
        // The target first, then the others (the source among them), as redis-cli does.
        foreach (var node in (await cluster.PrimariesAsync()).OrderBy(n => n == target ? 0 : 1))
        {
            await Expect("OK", node.ExecRawAsync("CLUSTER", "SETSLOT", slot.ToString(CultureInfo.InvariantCulture), "NODE", id));
        }
    }

    /// <summary>Moves <paramref name="slot"/> with all its keys from its owner to <paramref name="target"/>.</summary>
    public static async Task MoveSlotAsync(this RedisClusterProcess cluster, int slot, RedisServerProcess target)
    {
        var source = await cluster.OwnerOfAsync(slot);
        if (source == target)
        {
            return;
        }
        await BeginAsync(slot, source, target);
        while (await MigrateKeysAsync(slot, source, target) > 0)
        {
        }
        await cluster.FinishAsync(slot, target);
    }

    private static async Task<string> IdAsync(RedisServerProcess node) => (await node.ExecRawAsync("CLUSTER", "MYID")).Trim();

    private static async Task Expect(string expected, Task<string> reply)
    {
        var text = (await reply).Trim();
        if (text != expected)
        {
            throw new InvalidOperationException($"Expected {expected}, got {text}.");
        }
    }
}
