using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Resilience;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// Issue 18's one-key ordering scenario in a cluster: 20,000 pipelined SETs on one key, the owning primary kills the
/// client's connections (<c>CLIENT KILL</c>, no failover) after half are acknowledged; the key's final value must
/// not be older than the last acknowledged write. Values name key and version. With a retry timer per command
/// (before ClusterResendLane) 10 of 10 rounds ended older, e.g. v11497 after v20000 was acknowledged.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterWriteOrderTests(RedisClusterFixture fixture, ITestOutputHelper output)
{
    private const int Rounds = 10;
    private const int Writes = 20_000;

    [Fact]
    public async Task Pipelined_writes_to_one_key_end_with_the_last_acknowledged_value_after_the_node_kills_the_connection()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture, o =>
        {
            o.CommandTimeout = TimeSpan.FromSeconds(10);
            o.ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20));
            o.HealthCheckInterval = Timeout.InfiniteTimeSpan;
        });
        var older = 0;
        var failedTotal = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"corder:{Guid.NewGuid():N}:{round}";
            var owner = fixture.Cluster.Nodes.Single(n => n.Port == client.OwnerPort(key));
            var acknowledged = new bool[Writes + 1];
            var acks = 0;
            var killed = 0;
            var failures = 0;
            var pending = Writes;
            var done = new TaskCompletionSource();
            for (var v = 1; v <= Writes; v++)
            {
                var version = v;
                client.Set(key, $"{key}:v{version}").Subscribe(
                    ok =>
                    {
                        acknowledged[version] = true;
                        if (Interlocked.Increment(ref acks) == Writes / 2 && Interlocked.Exchange(ref killed, 1) == 0)
                        {
                            _ = owner.ExecRawAsync("CLIENT", "KILL", "TYPE", "normal");
                        }
                    },
                    e =>
                    {
                        if (Interlocked.Increment(ref failures) == 1)
                        {
                            output.WriteLine($"round {round}: first failure at v{version}: {e.GetType().Name}: {e.Message}");
                        }
                        End();
                    },
                    End);
            }
            await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var text = (await client.Get(key)).ToString();
            Assert.StartsWith(key + ":v", text, StringComparison.Ordinal);
            var final = int.Parse(text.AsSpan(key.Length + 2), System.Globalization.CultureInfo.InvariantCulture);
            var last = Array.LastIndexOf(acknowledged, true);
            failedTotal += failures;
            if (final < last)
            {
                older++;
                output.WriteLine($"round {round}: final v{final} older than last acknowledged v{last} ({failures} failed)");
            }

            void End()
            {
                if (Interlocked.Decrement(ref pending) == 0)
                {
                    done.SetResult();
                }
            }
        }
        output.WriteLine($"cluster: {Rounds} rounds of {Writes:N0} SETs, {older} ended older than the last acknowledged write, {failedTotal} writes failed");
        Assert.Equal(0, older);
    }
}
