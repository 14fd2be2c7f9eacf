using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.SignalR.Tests;

/// <summary>
/// A client that stops reading its socket must not hold back the others. The .NET SignalR client queues what it
/// receives without bound, so the slow client here is a raw WebSocket speaking the JSON hub protocol with a tiny
/// receive buffer, which really applies back-pressure to the server.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class SlowClientTests(RedisFixture fixture)
{
    private const char RecordSeparator = '\u001e';

    [Fact]
    public async Task A_client_that_stops_reading_is_aborted_when_its_buffer_fills_and_the_others_get_everything()
    {
        // 4,000 x 4 KB = 16 MB: far more than the socket buffers and the transport's pipe (a few MB) plus a
        // 1,000-message buffer can absorb, so the slow connection's writes block and its buffer overflows. The sends
        // go one after another, so the clients that do read never have a burst of 1,000 waiting.
        const int Messages = 4_000;
        await using var a = await Backplanes.StartRxRedisAsync(fixture.Server);
        await using var b = await Backplanes.StartRxRedisAsync(fixture.Server, o => o.ConnectionBufferCapacity = 1_000);
        var counts = new int[2];
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < counts.Length; i++)
        {
            var index = i;
            await b.ConnectAsync(c => c.On<int, string>("m", (n, _) =>
            {
                if (Interlocked.Increment(ref counts[index]) == Messages && counts.All(x => Volatile.Read(ref x) == Messages))
                {
                    allArrived.TrySetResult();
                }
            }));
        }
        using var slow = await ConnectSlowClientAsync(b.Url);
        var payload = new string('x', 4096);

        for (var n = 0; n < Messages; n++)
        {
            await a.Hub.Clients.All.SendAsync("m", n, payload);
        }
        await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var (received, closedByServer) = await DrainAsync(slow);
        Assert.True(closedByServer, $"the slow client got {received} messages and was not aborted");
        Assert.True(received < Messages, $"the slow client got all {received} messages: it was never slow");
        Assert.All(counts, c => Assert.Equal(Messages, c));
    }

    private static async Task<ClientWebSocket> ConnectSlowClientAsync(string url)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var invoker = new HttpMessageInvoker(handler);
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(new Uri(url.Replace("http://", "ws://", StringComparison.Ordinal) + "/hub"), invoker, timeout.Token);
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}", timeout.Token);
        await ReadRecordAsync(socket, timeout.Token);
        // A hub method runs only after the lifetime manager's OnConnectedAsync: once it completes, sends reach us.
        await SendAsync(socket, "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Join\",\"arguments\":[\"slow\"]}", timeout.Token);
        while (!(await ReadRecordAsync(socket, timeout.Token)).Contains("\"type\":3", StringComparison.Ordinal))
        {
        }
        return socket;
    }

    /// <summary>Reads until the server closes: how many invocations arrived, and whether the close came from the server.</summary>
    private static async Task<(int Received, bool ClosedByServer)> DrainAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = 0;
        try
        {
            while (true)
            {
                var record = await ReadRecordAsync(socket, timeout.Token);
                if (record.Length == 0)
                {
                    return (received, true);
                }
                received += record.Split(RecordSeparator).Count(r => r.Contains("\"target\":\"m\"", StringComparison.Ordinal));
            }
        }
        catch (WebSocketException)
        {
            return (received, true);
        }
    }

    private static Task SendAsync(ClientWebSocket socket, string json, CancellationToken token) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, token);

    /// <summary>One WebSocket message as text (possibly several records); empty when the server closed.</summary>
    private static async Task<string> ReadRecordAsync(ClientWebSocket socket, CancellationToken token)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return "";
            }
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
