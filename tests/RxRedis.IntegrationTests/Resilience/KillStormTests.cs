using System.Diagnostics;
using System.Reactive.Linq;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Resilience;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Resilience;

/// <summary>
/// A million pipelined SET/GET pairs through a fault proxy while the server is killed and restarted, clients are
/// killed and the proxy resets connections. Values encode their key, so a reply delivered to the wrong command shows.
/// </summary>
[Collection(FaultTestsCollection.Name)]
public sealed class KillStormTests(ITestOutputHelper output)
{
    private const int Operations = 1_000_000;
    private const int Faults = 20;
    private const int Window = 20_000;

    [Fact]
    public async Task Every_command_ends_exactly_once_and_no_reply_is_misrouted()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var proxy = FaultProxy.Start(server.TcpEndPoint);
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, proxy.Port),
            CommandTimeout = TimeSpan.FromSeconds(3),
            ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(200)),
            HealthCheckInterval = Timeout.InfiniteTimeSpan,
        });
        var ends = new int[Operations];
        long succeeded = 0, notSent = 0, unknown = 0, timedOut = 0, rejected = 0, misrouted = 0;
        var window = new SemaphoreSlim(Window);
        var random = new Random(2024);
        var faultPoints = Enumerable.Range(0, Faults).Select(_ => random.Next(Operations / 20, Operations - Operations / 20)).Order().ToArray();
        var issued = 0;
        var faultLog = new List<string>();

        var faulting = Task.Run(async () =>
        {
            for (var f = 0; f < Faults; f++)
            {
                while (Volatile.Read(ref issued) < faultPoints[f])
                {
                    await Task.Delay(1);
                }
                switch (f % 3)
                {
                    case 0:
                        await server.RestartAsync(); // SIGKILL, then start again on the same port
                        faultLog.Add($"{faultPoints[f]}: kill -9 + restart");
                        break;
                    case 1:
                        await server.ExecRawAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
                        faultLog.Add($"{faultPoints[f]}: CLIENT KILL");
                        break;
                    default:
                        proxy.ResetAllConnections();
                        faultLog.Add($"{faultPoints[f]}: proxy reset");
                        break;
                }
            }
        });

        void End(int i, Exception? error)
        {
            Interlocked.Increment(ref ends[i]);
            switch (error)
            {
                case null:
                    Interlocked.Increment(ref succeeded);
                    break;
                case RedisTimeoutException:
                    Interlocked.Increment(ref timedOut);
                    break;
                case RedisServerException:
                    Interlocked.Increment(ref rejected);
                    break;
                case RedisConnectionException { Outcome: CommandOutcome.NotSent }:
                    Interlocked.Increment(ref notSent);
                    break;
                case RedisConnectionException { Outcome: CommandOutcome.Unknown }:
                    Interlocked.Increment(ref unknown);
                    break;
                default:
                    Interlocked.Increment(ref misrouted); // a reply that could not be decoded for this command
                    break;
            }
            window.Release();
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Operations; i++)
        {
            await window.WaitAsync();
            var n = i;
            var key = "storm:" + (n / 2);
            var value = "value-of-" + key;
            if (n % 2 == 0)
            {
                client.Set(key, value).Subscribe(_ => { }, e => End(n, e), () => End(n, null));
            }
            else
            {
                client.Get(key).Subscribe(
                    v =>
                    {
                        if (!v.IsNull && v.ToString() != value)
                        {
                            Interlocked.Increment(ref misrouted);
                        }
                    },
                    e => End(n, e),
                    () => End(n, null));
            }
            Volatile.Write(ref issued, n + 1);
        }
        for (var i = 0; i < Window; i++)
        {
            await window.WaitAsync();
        }
        clock.Stop();
        await faulting;
        await client.Ping().Timeout(TimeSpan.FromSeconds(10)); // waits out a reconnect still under way
        var state = await client.ConnectionState.FirstAsync();

        output.WriteLine($"{Operations:N0} SET/GET in {clock.Elapsed.TotalSeconds:0.00} s ({Operations / clock.Elapsed.TotalSeconds:N0} ops/s), {Faults} faults:");
        faultLog.ForEach(output.WriteLine);
        output.WriteLine($"misrouted replies:     {misrouted}");
        output.WriteLine($"succeeded:             {succeeded:N0}");
        output.WriteLine($"failed, not sent:      {notSent:N0}");
        output.WriteLine($"failed, outcome unknown: {unknown:N0}");
        output.WriteLine($"timed out:             {timedOut:N0}");
        output.WriteLine($"rejected by server:    {rejected:N0}");
        output.WriteLine($"late replies dropped:  {client.Connection.DroppedReplies:N0}");
        output.WriteLine($"final state:           {state.Status}");

        Assert.Equal(0, misrouted);
        Assert.All(ends, e => Assert.Equal(1, e));
        Assert.Equal(Operations, succeeded + notSent + unknown + timedOut + rejected);
        Assert.Equal(ConnectionStatus.Connected, state.Status);
    }
}
