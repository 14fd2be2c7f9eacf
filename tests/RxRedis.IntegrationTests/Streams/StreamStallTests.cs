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

    /// <summary>
    /// Starts a server, subscribes with the client under test (300 ms command timeout) and, once its read is blocked,
    /// stalls the server; then adds one entry with an admin client (default 5 s timeout). Returns what the
    /// subscription delivered first and the id added.
    /// </summary>
    private static async Task<(T Delivered, RedisValue Id)> DeliveredAfterStallAsync<T>(
        Func<RedisClient, IObservable<T>> subscribe, RedisKey stream, string blockedCommand)
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { EnableDebugCommand = true });
        var endPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, server.Port);
        await using var client = await RedisClient.ConnectAsync(new RedisOptions { EndPoint = endPoint, CommandTimeout = TimeSpan.FromMilliseconds(300) });
        await using var admin = await RedisClient.ConnectAsync(new RedisOptions { EndPoint = endPoint });
        var delivered = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = subscribe(client).Subscribe(m => delivered.TrySetResult(m), e => delivered.TrySetException(e));

        await WaitForBlockedReadAsync(admin, blockedCommand);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var staller = await RawRedisConnection.ConnectAsync(server.TcpEndPoint, limit.Token);
        Assert.Equal("OK", await staller.ExecAsync(Stall, limit.Token));
        var id = await admin.XAdd(stream, [new("n", "after the stall")]);

        return (await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10)), id);
    }

    [ServerFact(ServerFeature.Streams | ServerFeature.RedisOnlyCommands)] // DEBUG SLEEP
    public async Task A_consumer_whose_blocking_reads_time_out_in_a_stall_delivers_what_comes_after_it()
    {
        var (message, id) = await DeliveredAfterStallAsync(
            c => c.ConsumeStream("orders", "billing", "worker-1", new StreamConsumerOptions { Block = Block }), "orders", "xreadgroup");

        Assert.Equal(id, message.Id);
        Assert.Equal(StreamDelivery.New, message.Delivery);
    }

    [ServerFact(ServerFeature.Streams | ServerFeature.RedisOnlyCommands)] // DEBUG SLEEP
    public async Task A_tail_whose_blocking_reads_time_out_in_a_stall_delivers_what_comes_after_it()
    {
        var (entry, id) = await DeliveredAfterStallAsync(c => c.TailStream("events", "0", new StreamTailOptions { Block = Block }), "events", "xread");

        Assert.Equal(id, entry.Id);
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
