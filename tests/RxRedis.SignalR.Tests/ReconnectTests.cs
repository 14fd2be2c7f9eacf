using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.SignalR.Tests;

/// <summary>Redis drops the backplane's connections; RxRedis reconnects and restores every subscription.</summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task Group_membership_across_instances_survives_a_redis_reconnect()
    {
        // A server of its own: CLIENT KILL must not reach other tests' clients.
        await using var server = await RedisServerProcess.StartAsync();
        await using var a = await Backplanes.StartRxRedisAsync(server);
        await using var b = await Backplanes.StartRxRedisAsync(server);
        Inbox<string> inbox = null!;
        var member = await b.ConnectAsync(c => inbox = new Inbox<string>(c, "m"));
        await a.Hub.Groups.AddToGroupAsync(member.ConnectionId!, "g");
        await a.Hub.Clients.Group("g").SendAsync("m", "before");
        Assert.Equal("before", await inbox.NextAsync());

        // RESP3 carries pub/sub on the shared connection, so killing the normal and the pub/sub clients drops them all.
        var killed = long.Parse(await server.ExecRawAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"), System.Globalization.CultureInfo.InvariantCulture)
            + long.Parse(await server.ExecRawAsync("CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "yes"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(killed >= 2, $"killed {killed} clients");
        await WaitForSubscribersAsync(server, $"{Backplanes.HubChannels}:group:g", 1);
        await WaitForSubscribersAsync(server, $"{Backplanes.HubChannels}:connection:{member.ConnectionId}", 1);

        await a.Hub.Clients.Group("g").SendAsync("m", "after");
        Assert.Equal("after", await inbox.NextAsync());
        await a.Hub.Groups.RemoveFromGroupAsync(member.ConnectionId!, "g");
        await WaitForSubscribersAsync(server, $"{Backplanes.HubChannels}:group:g", 0);
    }

    /// <summary>Polls PUBSUB NUMSUB: the subscriptions come back when the reconnect's resubscribe is confirmed.</summary>
    private static async Task WaitForSubscribersAsync(RedisServerProcess server, string channel, int expected)
    {
        var clock = Stopwatch.StartNew();
        string reply;
        while (SubscriberCount(reply = await server.ExecRawAsync("PUBSUB", "NUMSUB", channel)) != expected)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{channel}: {reply} after {clock.Elapsed}");
            await Task.Delay(20);
        }
    }

    private static int SubscriberCount(string numsubReply) =>
        int.Parse(numsubReply.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.CultureInfo.InvariantCulture);
}
