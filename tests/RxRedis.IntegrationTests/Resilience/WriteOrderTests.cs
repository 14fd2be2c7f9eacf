using System.Reactive.Linq;
using RxRedis.Commands.Bulk;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Resilience;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Resilience;

/// <summary>
/// Writes one client issues to one key must be applied in issue order across a lost connection and the retries it
/// causes. Each value names its key and version, so the key's final value shows which write the server applied
/// last; it must never be older than the last write the client acknowledged (issue 18: with a per-command backoff
/// timer, retried SETs overtook newer ones in 6–10 of 10 rounds).
/// </summary>
[Collection(FaultTestsCollection.Name)]
public sealed class WriteOrderTests(ITestOutputHelper output)
{
    private const int Rounds = 20;
    private const int Writes = 20_000;

    public enum Api
    {
        Plain,
        Bulk,
    }

    private static RedisOptions ProxiedOptions(FaultProxy proxy, RedisProtocol protocol) => new()
    {
        EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, proxy.Port),
        Protocol = protocol,
        CommandTimeout = TimeSpan.FromSeconds(10),
        ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20)),
        HealthCheckInterval = Timeout.InfiniteTimeSpan,
    };

    private static int VersionOf(RedisValue value, string key)
    {
        var text = value.ToString();
        Assert.StartsWith(key + ":v", text, StringComparison.Ordinal); // a value of another key would be a misrouted write
        return int.Parse(text.AsSpan(key.Length + 2), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(Api.Plain, RedisProtocol.Resp3)]
    [InlineData(Api.Plain, RedisProtocol.Resp2)]
    [InlineData(Api.Bulk, RedisProtocol.Resp3)]
    [InlineData(Api.Bulk, RedisProtocol.Resp2)]
    public async Task Pipelined_writes_to_one_key_end_with_the_last_acknowledged_value_after_a_connection_reset(Api api, RedisProtocol protocol)
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var proxy = FaultProxy.Start(server.TcpEndPoint);
        await using var client = await RedisClient.ConnectAsync(ProxiedOptions(proxy, protocol));
        var older = 0;
        var resets = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"order:{api}:{protocol}:{round}";
            var acknowledged = new bool[Writes + 1];
            var acks = 0;
            var reset = 0;
            void OnAck(int version)
            {
                acknowledged[version] = true;
                if (Interlocked.Increment(ref acks) == Writes / 2 && Interlocked.Exchange(ref reset, 1) == 0)
                {
                    proxy.ResetAllConnections();
                }
            }
            var failures = await (api == Api.Plain ? PlainAsync(client, key, OnAck) : BulkAsync(client, key, OnAck));
            var final = VersionOf(await client.Get(key), key);
            var lastAcknowledged = Array.LastIndexOf(acknowledged, true);
            resets += reset;
            if (final < lastAcknowledged)
            {
                older++;
                output.WriteLine($"round {round}: final v{final} is older than the last acknowledged v{lastAcknowledged}");
            }
            Assert.True(failures == 0 || final >= lastAcknowledged, $"round {round}: {failures} writes failed");
        }
        output.WriteLine($"{api} {protocol}: {Rounds} rounds of {Writes:N0} SETs, {resets} connection resets, {older} rounds ended older than the last acknowledged write");
        Assert.Equal(Rounds, resets);
        Assert.Equal(0, older);
    }

    private static async Task<int> PlainAsync(RedisClient client, string key, Action<int> onAck)
    {
        var failures = 0;
        var done = new TaskCompletionSource();
        var pending = Writes;
        for (var v = 1; v <= Writes; v++)
        {
            var version = v;
            client.Set(key, $"{key}:v{version}").Subscribe(
                _ => onAck(version),
                _ =>
                {
                    Interlocked.Increment(ref failures);
                    End();
                },
                End);
        }
        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return failures;

        void End()
        {
            if (Interlocked.Decrement(ref pending) == 0)
            {
                done.SetResult();
            }
        }
    }

    private static async Task<int> BulkAsync(RedisClient client, string key, Action<int> onAck)
    {
        var items = Enumerable.Range(1, Writes).Select(v => KeyValuePair.Create((RedisKey)key, (RedisValue)$"{key}:v{v}"));
        var failures = 0;
        await client.BulkSet(items).Do(r =>
        {
            if (r.IsSuccess)
            {
                onAck((int)r.Index + 1);
            }
            else
            {
                failures++;
            }
        }).LastOrDefaultAsync().Timeout(TimeSpan.FromSeconds(60));
        return failures;
    }

    [Fact]
    public async Task Every_key_ends_with_its_last_acknowledged_version_through_a_storm_of_resets_and_kills()
    {
        const int Keys = 500, Versions = 400, Faults = 12, Window = 8_192;
        await using var server = await RedisServerProcess.StartAsync();
        await using var proxy = FaultProxy.Start(server.TcpEndPoint);
        await using var client = await RedisClient.ConnectAsync(ProxiedOptions(proxy, RedisProtocol.Resp3));
        var lastAcknowledged = new int[Keys];
        var failed = 0;
        var window = new SemaphoreSlim(Window);
        const int Total = Keys * Versions;
        var faultAt = Enumerable.Range(1, Faults).Select(f => f * Total / (Faults + 1)).ToHashSet();

        for (var n = 0; n < Total; n++)
        {
            if (faultAt.Contains(n))
            {
                if (n % 2 == 0)
                {
                    proxy.ResetAllConnections();
                }
                else
                {
                    await server.ExecRawAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
                }
            }
            await window.WaitAsync();
            var k = n % Keys;
            var version = n / Keys + 1;
            var key = $"storm-order:{k}";
            client.Set(key, $"{key}:v{version}").Subscribe(
                _ =>
                {
                    // Acknowledgements of one key may be delivered out of order on the pool; keep the highest.
                    int seen;
                    while ((seen = Volatile.Read(ref lastAcknowledged[k])) < version && Interlocked.CompareExchange(ref lastAcknowledged[k], version, seen) != seen)
                    {
                    }
                },
                _ =>
                {
                    Interlocked.Increment(ref failed);
                    window.Release();
                },
                () => window.Release());
        }
        for (var i = 0; i < Window; i++)
        {
            await window.WaitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        var older = 0;
        for (var k = 0; k < Keys; k++)
        {
            var key = $"storm-order:{k}";
            var final = VersionOf(await client.Get(key), key);
            if (final < lastAcknowledged[k])
            {
                older++;
            }
        }
        output.WriteLine($"{Total:N0} SETs over {Keys} keys, {Faults} faults (proxy resets and CLIENT KILL): {failed} failed, {older} keys ended older than their last acknowledged version");
        Assert.Equal(0, older);
    }
}
