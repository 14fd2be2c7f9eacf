using System.Reactive.Linq;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Resilience;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// Issue 18's one-key ordering scenario in a cluster: 20,000 pipelined SETs on one key, the owning primary kills the
/// client's connections (<c>CLIENT KILL</c>, no failover) after half are acknowledged; the key's final value must
/// not be older than the last acknowledged write. Values name key and version. With a retry timer per command
/// (before ClusterResendLane) 10 of 10 rounds ended older, e.g. v11497 after v20000 was acknowledged; plain
/// commands and <c>BulkSet</c>.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterWriteOrderTests(RedisClusterFixture fixture, ITestOutputHelper output)
{
    private const int Rounds = 10;
    private const int Writes = 20_000;

    public enum Api
    {
        Plain,
        Bulk,
    }

    [Theory]
    [InlineData(Api.Plain)]
    [InlineData(Api.Bulk)]
    public async Task Pipelined_writes_to_one_key_end_with_the_last_acknowledged_value_after_the_node_kills_the_connection(Api api)
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
            void OnAck(int version)
            {
                acknowledged[version] = true;
                if (Interlocked.Increment(ref acks) == Writes / 2 && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    _ = owner.ExecRawAsync("CLIENT", "KILL", "TYPE", "normal");
                }
            }
            var (failures, firstFailure) = await (api == Api.Plain ? PlainAsync(client, key, OnAck) : BulkAsync(client, key, OnAck));
            var text = (await client.Get(key)).ToString();
            Assert.StartsWith(key + ":v", text, StringComparison.Ordinal);
            var final = int.Parse(text.AsSpan(key.Length + 2), System.Globalization.CultureInfo.InvariantCulture);
            var last = Array.LastIndexOf(acknowledged, true);
            failedTotal += failures;
            if (firstFailure is not null)
            {
                output.WriteLine($"round {round}: {failures} failed, first: {firstFailure}");
            }
            if (final < last)
            {
                older++;
                output.WriteLine($"round {round}: final v{final} older than last acknowledged v{last} ({failures} failed)");
            }
        }
        output.WriteLine($"cluster, {api}: {Rounds} rounds of {Writes:N0} SETs, {older} ended older than the last acknowledged write, {failedTotal} writes failed");
        Assert.Equal(0, older);
    }

    private static async Task<(int Failures, string? First)> PlainAsync(RedisClient client, string key, Action<int> onAck)
    {
        var failures = 0;
        string? first = null;
        var pending = Writes;
        var done = new TaskCompletionSource();
        for (var v = 1; v <= Writes; v++)
        {
            var version = v;
            client.Set(key, $"{key}:v{version}").Subscribe(
                _ => onAck(version),
                e =>
                {
                    if (Interlocked.Increment(ref failures) == 1)
                    {
                        first = $"v{version}: {e.GetType().Name}: {e.Message}";
                    }
                    End();
                },
                End);
        }
        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return (failures, first);

        void End()
        {
            if (Interlocked.Decrement(ref pending) == 0)
            {
                done.SetResult();
            }
        }
    }

    private static async Task<(int Failures, string? First)> BulkAsync(RedisClient client, string key, Action<int> onAck)
    {
        var items = Enumerable.Range(1, Writes).Select(v => KeyValuePair.Create((RedisKey)key, (RedisValue)$"{key}:v{v}"));
        var failures = 0;
        string? first = null;
        await client.BulkSet(items).Do(r =>
        {
            if (r.IsSuccess)
            {
                onAck((int)r.Index + 1);
            }
            else if (failures++ == 0)
            {
                first = $"v{r.Index + 1}: {r.Error!.GetType().Name}: {r.Error.Message}";
            }
        }).LastOrDefaultAsync().Timeout(TimeSpan.FromSeconds(60));
        return (failures, first);
    }
}
