using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.SignalR.Tests;

/// <summary>
/// Messages per second across instances, RxRedis's backplane against Microsoft's (Microsoft.AspNetCore.SignalR.StackExchangeRedis)
/// in the same run on the same redis-server, rounds alternating (ABAB) so a change in machine load hits both. Printed to
/// the test output; run with
/// <c>dotnet test tests/RxRedis.SignalR.Tests -c Release --filter Category=Measurement --logger "console;verbosity=detailed"</c>.
/// It asserts only what must hold anywhere: no message lost.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
[Trait("Category", "Measurement")]
public sealed class BackplaneThroughputMeasurements(RedisFixture fixture, ITestOutputHelper output)
{
    private const int Messages = 5_000;
    private const int Receivers = 4;
    private const int Rounds = 7;

    [Fact]
    public async Task Messages_per_second_from_one_instance_to_the_clients_of_another()
    {
        var backplanes = new[]
        {
            await StartPairAsync("RxRedis.SignalR", server => Backplanes.StartRxRedisAsync(server)),
            await StartPairAsync("Microsoft.AspNetCore.SignalR.StackExchangeRedis", server => Backplanes.StartMicrosoftAsync(server)),
        };
        try
        {
            var payload = new string('p', 32);
            foreach (var backplane in backplanes)
            {
                await RoundAsync(backplane, 500, payload); // warm-up: JIT, connections, subscriptions
            }
            var rates = backplanes.ToDictionary(b => b.Name, _ => new List<double>());
            var sendShares = backplanes.ToDictionary(b => b.Name, _ => new List<double>());
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var backplane in backplanes)
                {
                    var (sent, delivered) = await RoundAsync(backplane, Messages, payload);
                    rates[backplane.Name].Add(Messages / delivered.TotalSeconds);
                    sendShares[backplane.Name].Add(sent / delivered);
                }
            }

            output.WriteLine($"SignalR backplane, {Messages:N0} sends to all from instance A, {Receivers} clients on instance B, 32-byte payload, {Rounds} rounds ABAB:");
            foreach (var (name, list) in rates)
            {
                list.Sort();
                output.WriteLine($"  {name,-50} median {list[list.Count / 2],8:N0} msg/s ({list[list.Count / 2] * Receivers:N0} deliveries/s), " +
                    $"range {list[0]:N0}-{list[^1]:N0}; rounds {string.Join(", ", list.Select(r => r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}; " +
                    $"the sends' own time {Median(sendShares[name]):P0} of each round (median)");
            }
        }
        finally
        {
            foreach (var backplane in backplanes)
            {
                await backplane.DisposeAsync();
            }
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>
    /// Sends <paramref name="count"/> messages to all from A, all in flight at once: how long until every send had
    /// completed (its PUBLISH answered) and until every client on B had them all.
    /// </summary>
    private static async Task<(TimeSpan Sent, TimeSpan Delivered)> RoundAsync(Pair pair, int count, string payload)
    {
        var arrived = pair.Receiver.Expect(count);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(n => pair.Sender.Hub.Clients.All.SendAsync("m", n, payload)));
        var sent = clock.Elapsed;
        try
        {
            await arrived.WaitAsync(TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{pair.Name}: after 120 s the clients had {string.Join(", ", pair.Receiver.Counts)} of {count} messages");
        }
        return (sent, clock.Elapsed);
    }

    private async Task<Pair> StartPairAsync(string name, Func<RedisServerProcess, Task<HubApp>> start)
    {
        var sender = await start(fixture.Server);
        var receiving = await start(fixture.Server);
        var receiver = await CountingReceiver.ConnectAsync(receiving, Receivers, "m");
        return new Pair(name, sender, receiving, receiver);
    }

    private sealed record Pair(string Name, HubApp Sender, HubApp Receiving, CountingReceiver Receiver) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Sender.DisposeAsync();
            await Receiving.DisposeAsync();
        }
    }
}
