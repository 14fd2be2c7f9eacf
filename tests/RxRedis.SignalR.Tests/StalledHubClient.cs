using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace RxRedis.SignalR.Tests;

/// <summary>
/// A hub client that joins and then stops reading. The .NET SignalR client queues what it receives without bound, so
/// this is a raw WebSocket speaking the JSON hub protocol, with a tiny socket receive buffer: it really applies
/// back-pressure to the server. It sends no pings either, so the server drops it after its client timeout.
/// </summary>
internal sealed class StalledHubClient : IDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket;

    private StalledHubClient(ClientWebSocket socket) => _socket = socket;

    public void Dispose() => _socket.Dispose();

    public static async Task<StalledHubClient> ConnectAsync(string url)
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
        return new StalledHubClient(socket);
    }

    /// <summary>Reads until the server closes: how many invocations arrived, and whether the close came from the server.</summary>
    public async Task<(int Received, bool ClosedByServer)> DrainAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = 0;
        try
        {
            while (true)
            {
                var record = await ReadRecordAsync(_socket, timeout.Token);
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
