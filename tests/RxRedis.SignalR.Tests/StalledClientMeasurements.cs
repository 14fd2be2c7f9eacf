using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.SignalR.Tests;

/// <summary>
/// How long the reading clients of an instance wait for a burst when one client of that instance has stopped reading,
/// with RxRedis's backplane and with Microsoft's, in the same run. The server's client timeout is 10 s, so it should drop
/// the stalled client (which sends no pings) after 10 s at most; the readers are given 30 s. Printed; run as
/// <see cref="BackplaneThroughputMeasurements"/>. It asserts that RxRedis's readers get every message; for Microsoft's it
/// prints what they had got.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
[Trait("Category", "Measurement")]
public sealed class StalledClientMeasurements(RedisFixture fixture, ITestOutputHelper output)
{
    // 4,000 x 4 KB = 16 MB, well past what the stalled client's socket and transport absorb.
    private const int Messages = 4_000;
    private const int Readers = 2;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Time_for_the_reading_clients_to_get_a_burst_beside_a_stalled_client()
    {
        void Hub(HubOptions o)
        {
            o.ClientTimeoutInterval = ClientTimeout;
            o.KeepAliveInterval = TimeSpan.FromSeconds(2);
        }
        var rxredis = await TimeAsync(server => Backplanes.StartRxRedisAsync(server, hub: Hub));
        var microsoft = await TimeAsync(server => Backplanes.StartMicrosoftAsync(server, Hub));

        output.WriteLine($"SignalR backplane, {Messages:N0} x 4 KB sends to all from instance A, {Readers} reading clients and one stalled client on " +
            $"instance B (client timeout {ClientTimeout.TotalSeconds:N0} s):");
        output.WriteLine($"  RxRedis.SignalR                                    {rxredis}");
        output.WriteLine($"  Microsoft.AspNetCore.SignalR.StackExchangeRedis    {microsoft}");
        Assert.StartsWith("all", rxredis, StringComparison.Ordinal);
    }

    /// <summary>"all in N s", or how many messages each reader had when the patience ran out.</summary>
    private async Task<string> TimeAsync(Func<RedisServerProcess, Task<HubApp>> start)
    {
        await using var sender = await start(fixture.Server);
        await using var receiving = await start(fixture.Server);
        // The readers ping every 2 s: with the client's default 15 s they were dropped by the 10 s client timeout too
        // once a burst outlasted it (a loaded machine: they stopped at ~3,000 of 4,000 for good, and Microsoft's at 709).
        var receiver = await CountingReceiver.ConnectAsync(receiving, Readers, "m", keepAlive: ClientTimeout / 5);
        using var stalled = await StalledHubClient.ConnectAsync(receiving.Url);
        var arrived = receiver.Expect(Messages);
        var payload = new string('x', 4096);

        var clock = Stopwatch.StartNew();
        for (var n = 0; n < Messages; n++)
        {
            await sender.Hub.Clients.All.SendAsync("m", n, payload);
        }
        try
        {
            await arrived.WaitAsync(ClientTimeout * 3);
            return $"all {Messages:N0} messages after {clock.Elapsed.TotalSeconds:F2} s";
        }
        catch (TimeoutException)
        {
            return $"after {clock.Elapsed.TotalSeconds:F0} s the readers had {string.Join(" and ", receiver.Counts.Select(c => c.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} of {Messages:N0}";
        }
    }
}
