using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.IntegrationTests.Resilience;

namespace RxRedis.IntegrationTests.Streams;

/// <summary>
/// Issue 13, item 3: a real server that stalls (<c>DEBUG SLEEP</c>) longer than Block + CommandTimeout makes the
/// consumer's and the tail's blocking reads time out; both carry on and deliver what is added after the stall.
/// </summary>
[Collection(FaultTestsCollection.Name)]
public sealed class StreamStallTests
{
    // The guard of a blocking read is Block + CommandTimeout = 0.5 s; the stall lasts three times that.
    private static readonly TimeSpan Block = TimeSpan.FromMilliseconds(200);
    private static readonly string[] Stall = ["DEBUG", "SLEEP", "1.5"];

    /// <summary>A server, the client under test (300 ms command timeout) and an admin client with the default 5 s.</summary>
    private static async Task<(RedisServerProcess Server, RedisClient Client, RedisClient Admin)> StartAsync()
    {
        var server = await RedisServerProcess.StartAsync(new RedisServerOptions { EnableDebugCommand = true });
        var endPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, server.Port);
        var client = await RedisClient.ConnectAsync(new RedisOptions { EndPoint = endPoint, CommandTimeout = TimeSpan.FromMilliseconds(300) });
        var admin = await RedisClient.ConnectAsync(new RedisOptions { EndPoint = endPoint });
        return (server, client, admin);
    }

    /// <summary>Once a read is blocked, stalls the server, then (once it answers again) adds one entry; returns its id.</summary>
    private static async Task<RedisValue> StallThenAddAsync(RedisServerProcess server, RedisClient admin, RedisKey stream, string blockedCommand)
    {
        await WaitForBlockedReadAsync(admin, blockedCommand);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var staller = await RawRedisConnection.ConnectAsync(server.TcpEndPoint, limit.Token);
        Assert.Equal("OK", await staller.ExecAsync(Stall, limit.Token));
        return await admin.XAdd(stream, [new("n", "after the stall")]);
    }

    [Fact]
    public async Task A_consumer_whose_blocking_reads_time_out_in_a_stall_delivers_what_comes_after_it()
    {
        var (server, client, admin) = await StartAsync();
        await using var _ = server;
        await using var __ = client;
        await using var ___ = admin;
        var delivered = new TaskCompletionSource<StreamMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = client.ConsumeStream("orders", "billing", "worker-1", new StreamConsumerOptions { Block = Block })
            .Subscribe(m => delivered.TrySetResult(m), e => delivered.TrySetException(e));

        var id = await StallThenAddAsync(server, admin, "orders", "xreadgroup");

        var message = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(id, message.Id);
        Assert.Equal(StreamDelivery.New, message.Delivery);
    }

    [Fact]
    public async Task A_tail_whose_blocking_reads_time_out_in_a_stall_delivers_what_comes_after_it()
    {
        var (server, client, admin) = await StartAsync();
        await using var _ = server;
        await using var __ = client;
        await using var ___ = admin;
        var delivered = new TaskCompletionSource<StreamEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = client.TailStream("events", "0", new StreamTailOptions { Block = Block })
            .Subscribe(e => delivered.TrySetResult(e), e => delivered.TrySetException(e));

        var id = await StallThenAddAsync(server, admin, "events", "xread");

        Assert.Equal(id, (await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10))).Id);
    }

    private static async Task WaitForBlockedReadAsync(RedisClient admin, string command)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await admin.Execute("CLIENT", "LIST")).AsString()!.Contains("cmd=" + command + " ", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(10);
        }
        Assert.Fail($"No {command} was blocked on the server.");
    }
}
