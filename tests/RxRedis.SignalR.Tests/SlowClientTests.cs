using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.SignalR.Tests;

/// <summary>A client that stops reading its socket must not hold back the others (see <see cref="StalledHubClient"/>).</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class SlowClientTests(RedisFixture fixture)
{
    [Fact]
    public async Task A_client_that_stops_reading_is_aborted_when_its_buffer_fills_and_the_others_get_everything()
    {
        // 4,000 x 4 KB = 16 MB: far more than the socket buffers and the transport's pipe (a few MB) plus a
        // 1,000-message buffer can absorb, so the slow connection's writes block and its buffer overflows. The sends
        // go one after another, so the clients that do read never have a burst of 1,000 waiting.
        const int Messages = 4_000;
        await using var a = await Backplanes.StartRxRedisAsync(fixture.Server);
        await using var b = await Backplanes.StartRxRedisAsync(fixture.Server, o => o.ConnectionBufferCapacity = 1_000);
        var readers = await CountingReceiver.ConnectAsync(b, 2, "m");
        var allArrived = readers.Expect(Messages);
        using var slow = await StalledHubClient.ConnectAsync(b.Url);
        var payload = new string('x', 4096);

        for (var n = 0; n < Messages; n++)
        {
            await a.Hub.Clients.All.SendAsync("m", n, payload);
        }
        await allArrived.WaitAsync(TimeSpan.FromSeconds(60));

        var (received, closedByServer) = await slow.DrainAsync();
        Assert.True(closedByServer, $"the slow client got {received} messages and was not aborted");
        Assert.True(received < Messages, $"the slow client got all {received} messages: it was never slow");
        Assert.All(readers.Counts, c => Assert.Equal(Messages, c));
    }
}
