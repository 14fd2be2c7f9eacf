using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Resilience;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Resilience;

/// <summary>
/// A bulk SET on one server whose connection is killed again and again (proxy resets and <c>CLIENT KILL</c>): the
/// items in flight when a connection drops have an unknown outcome, and since SET is idempotent they are sent again
/// on the next connection, so every item is acknowledged once, in order, and readable afterwards.
/// </summary>
[Collection(FaultTestsCollection.Name)]
public sealed class BulkConnectionKillTests(ITestOutputHelper output)
{
    private const int Count = 500_000;
    private const int Faults = 8;

    [Fact]
    public async Task A_bulk_SET_survives_connection_kills_with_every_item_acknowledged_and_readable()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var proxy = FaultProxy.Start(server.TcpEndPoint);
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, proxy.Port),
            ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(200)),
            HealthCheckInterval = Timeout.InfiniteTimeSpan,
        });
        var prefix = $"bulkkill:{Guid.NewGuid():N}:";
        long delivered = 0, failed = 0, outOfOrder = 0;
        var failures = new List<string>();
        var run = client.BulkSet(Enumerable.Range(0, Count).Select(i => new KeyValuePair<RedisKey, RedisValue>(prefix + i, "v:" + i)), new BulkOptions { Results = BulkResults.All })
            .Do(r =>
            {
                if (r.Index != delivered)
                {
                    outOfOrder++;
                }
                if (!r.IsSuccess || !r.Value)
                {
                    failed++;
                    failures.Add($"{r.Input.Key}: {r.Error?.Message ?? "not written"}");
                }
                Volatile.Write(ref delivered, delivered + 1);
            })
            .LastOrDefaultAsync()
            .ToTask();
        var faultLog = new List<string>();
        for (var f = 0; f < Faults && !run.IsCompleted; f++)
        {
            var at = (f + 1) * Count / (Faults + 2);
            while (Volatile.Read(ref delivered) < at && !run.IsCompleted)
            {
                await Task.Delay(1);
            }
            if (f % 2 == 0)
            {
                proxy.ResetAllConnections();
                faultLog.Add($"after {Volatile.Read(ref delivered)} results: proxy reset");
            }
            else
            {
                await server.ExecRawAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
                faultLog.Add($"after {Volatile.Read(ref delivered)} results: CLIENT KILL");
            }
        }
        await run.WaitAsync(TimeSpan.FromMinutes(3));
        var readable = await client.BulkGet(Enumerable.Range(0, Count).Select(i => (RedisKey)(prefix + i)))
            .Count(r => r.IsSuccess && r.Value.ToString() == "v:" + r.Index);
        var info = await server.ExecRawAsync("INFO", "stats");
        var connections = info.Split('\n').First(l => l.StartsWith("total_connections_received:", StringComparison.Ordinal)).Trim();

        output.WriteLine($"BulkSet of {Count} keys through a fault proxy, {faultLog.Count} faults:");
        faultLog.ForEach(output.WriteLine);
        output.WriteLine($"results {Volatile.Read(ref delivered)}, out of order {outOfOrder}, failed {failed}, readable afterwards {readable}; server {connections}");
        failures.Take(5).ToList().ForEach(f => output.WriteLine("  " + f));

        Assert.Equal(Faults, faultLog.Count);
        Assert.Equal(Count, Volatile.Read(ref delivered));
        Assert.Equal(0, outOfOrder);
        Assert.Equal(0, failed);
        Assert.Equal(Count, readable);
    }
}
