using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RxRedis.IntegrationTests.Infrastructure;

[Collection(RedisCollectionDefinition.Name)]
public sealed class FaultProxyTests(RedisFixture fixture)
{
    private static readonly byte[] Ping = "*1\r\n$4\r\nPING\r\n"u8.ToArray();
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Bytes_pass_through_both_ways()
    {
        await using var proxy = FaultProxy.Start(fixture.Server.TcpEndPoint);
        await using var connection = await RawRedisConnection.ConnectAsync(proxy.TcpEndPoint, CancellationToken.None);
        var large = new string('x', 200_000);

        Assert.Equal("PONG", await connection.ExecAsync(["PING"], CancellationToken.None));
        Assert.Equal("OK", await connection.ExecAsync(["SET", "proxy:large", large], CancellationToken.None));
        Assert.Equal(large, await connection.ExecAsync(["GET", "proxy:large"], CancellationToken.None));
        Assert.Equal(1, proxy.ConnectionCount);
    }

    [Fact]
    public async Task Reset_aborts_the_client_side_with_RST()
    {
        await using var proxy = FaultProxy.Start(fixture.Server.TcpEndPoint);
        using var client = await ConnectAsync(proxy.TcpEndPoint);
        await client.SendAsync(Ping);
        Assert.Equal("+PONG\r\n", await ReceiveTextAsync(client));

        proxy.ResetAllConnections();

        var error = await Assert.ThrowsAsync<SocketException>(() => ReceiveTextAsync(client));
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
        await WaitUntilAsync(() => proxy.ConnectionCount == 0);
    }

    [Fact]
    public async Task Paused_connection_receives_nothing_until_Resume()
    {
        await using var proxy = FaultProxy.Start(fixture.Server.TcpEndPoint);
        using var client = await ConnectAsync(proxy.TcpEndPoint);
        await client.SendAsync(Ping);
        Assert.Equal("+PONG\r\n", await ReceiveTextAsync(client));

        proxy.Pause();
        await client.SendAsync(Ping);
        var reply = ReceiveTextAsync(client);
        var first = await Task.WhenAny(reply, Task.Delay(TimeSpan.FromMilliseconds(300)));

        Assert.NotSame(reply, first);

        proxy.Resume();

        Assert.Equal("+PONG\r\n", await reply.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Rejected_new_connections_are_reset_while_existing_ones_work()
    {
        await using var proxy = FaultProxy.Start(fixture.Server.TcpEndPoint);
        await using var existing = await RawRedisConnection.ConnectAsync(proxy.TcpEndPoint, CancellationToken.None);
        Assert.Equal("PONG", await existing.ExecAsync(["PING"], CancellationToken.None));

        proxy.RejectNewConnections = true;

        // The RST can win the race with connect itself, so either step may be the one that fails.
        await Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var rejected = await ConnectAsync(proxy.TcpEndPoint);
            await rejected.SendAsync(Ping);
            await ReceiveTextAsync(rejected);
        });
        Assert.Equal("PONG", await existing.ExecAsync(["PING"], CancellationToken.None));
    }

    [Fact]
    public async Task Dispose_closes_proxied_connections()
    {
        var proxy = FaultProxy.Start(fixture.Server.TcpEndPoint);
        using var client = await ConnectAsync(proxy.TcpEndPoint);
        await client.SendAsync(Ping);
        Assert.Equal("+PONG\r\n", await ReceiveTextAsync(client));

        await proxy.DisposeAsync();

        Assert.Equal(0, proxy.ConnectionCount);
        await Assert.ThrowsAsync<SocketException>(() => ReceiveTextAsync(client));
        // Not asserted: that a new connect to the old port fails. Once freed, the port may be handed to a
        // redis-server another test starts in parallel, so such a check would be a race.
    }

    private static async Task<Socket> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<string> ReceiveTextAsync(Socket socket)
    {
        var buffer = new byte[256];
        var read = await socket.ReceiveAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
        }
    }
}
