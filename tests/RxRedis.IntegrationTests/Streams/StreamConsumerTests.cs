using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Client;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Streams;

[Collection(RedisCollectionDefinition.Name)]
public sealed class StreamConsumerTests(RedisFixture fixture, ITestOutputHelper output)
{
    private Task<RedisClient> ConnectAsync(RedisProtocol protocol, AckCounter? acks = null) =>
        TestClients.ConnectAsync(fixture.Server, protocol, o =>
        {
            if (acks is not null)
            {
                o.Hooks.Add(acks);
            }
        });

    private static async Task AddAsync(RedisClient client, RedisKey stream, int count)
    {
        var results = await client.Bulk(Enumerable.Range(0, count), i => client.XAdd(stream, [new("n", i)])).ToList();
        Assert.All(results, r => Assert.Null(r.Error));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < (limit ?? TimeSpan.FromSeconds(20)), $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }

    [ServerFact(ServerFeature.Streams)]
    public async Task Hundred_thousand_entries_shared_by_three_consumers_are_each_delivered_and_acked_once()
    {
        const int total = 100_000;
        var stream = TestClients.Prefix("consume-100k", RedisProtocol.Resp3) + "s";
        await using var admin = await ConnectAsync(RedisProtocol.Resp3);
        var adding = Stopwatch.StartNew();
        await AddAsync(admin, stream, total);
        adding.Stop();
        var acks = new AckCounter[3];
        var clients = new RedisClient[3];
        var deliveries = new ConcurrentDictionary<string, int>();
        var perConsumer = new int[3];
        var options = new StreamConsumerOptions { BatchSize = 500, StartId = "0", Block = TimeSpan.FromSeconds(1) };
        using var subscriptions = new CompositeDisposable();
        var consuming = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            var index = i;
            acks[i] = new AckCounter();
            clients[i] = await ConnectAsync(RedisProtocol.Resp3, acks[i]);
            subscriptions.Add(clients[i].ConsumeStream(stream, "workers", $"c{i}", options).Subscribe(m =>
            {
                deliveries.AddOrUpdate(m.Id.ToString(), 1, (_, n) => n + 1);
                Interlocked.Increment(ref perConsumer[index]);
            }));
        }
        await WaitUntilAsync(async () => acks.Sum(a => a.Acked) >= total, "every entry was acknowledged");
        consuming.Stop();
        subscriptions.Dispose();

        Assert.Equal(total, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(1, d.Value));
        Assert.Equal(total, acks.Sum(a => a.Acked)); // each XACK reply counts entries it removed from the pending list
        Assert.Equal(0, (await admin.XPending(stream, "workers")).Count);
        Assert.All(perConsumer, n => Assert.True(n > 0, "every consumer got a share"));
        output.WriteLine($"XADD {total:N0} via Bulk: {adding.Elapsed.TotalSeconds:F2} s; consumed and acked by 3 consumers (batch 500): "
            + $"{consuming.Elapsed.TotalSeconds:F2} s = {total / consuming.Elapsed.TotalSeconds:N0} entries/s; shares {string.Join('/', perConsumer)}");
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    [ServerTheory(ServerFeature.Streams)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task A_consumer_killed_mid_batch_has_its_pending_entries_claimed_by_another_after_the_idle_time(RedisProtocol protocol)
    {
        var stream = TestClients.Prefix("consume-kill", protocol) + "s";
        await using var admin = await ConnectAsync(protocol);
        await admin.XGroupCreate(stream, "workers", "0", makeStream: true);
        await AddAsync(admin, stream, 20);
        var ids = (await admin.XRange(stream, "-", "+")).Select(e => e.Id.ToString()).ToList();

        // A: batches of 10, auto-ack. It acknowledges the first batch, then dies while processing the third entry of the second.
        var acksA = new AckCounter();
        var clientA = await ConnectAsync(protocol, acksA);
        var seenByA = new ConcurrentQueue<string>();
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondBatchRead = new Stopwatch();
        var subscriptionA = new SingleAssignmentDisposable();
        subscriptionA.Disposable = clientA.ConsumeStream(stream, "workers", "a", new StreamConsumerOptions { BatchSize = 10, CreateGroup = false }).Subscribe(m =>
        {
            seenByA.Enqueue(m.Id.ToString());
            if (seenByA.Count == 11)
            {
                secondBatchRead.Start(); // the server delivered entries 11-20 to A just before: their idle time runs from here
            }
            if (seenByA.Count == 13)
            {
                clientA.DisposeAsync().AsTask().GetAwaiter().GetResult(); // the process dies: no XACK for entries 11-13 can be sent
                subscriptionA.Dispose();
                killed.SetResult();
            }
        }, _ => { });
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // B: claims entries idle for 500 ms, looking every 100 ms.
        var acksB = new AckCounter();
        await using var clientB = await ConnectAsync(protocol, acksB);
        var seenByB = new ConcurrentQueue<StreamMessage>();
        var firstClaimAfter = TimeSpan.Zero;
        using var subscriptionB = clientB.ConsumeStream(stream, "workers", "b", new StreamConsumerOptions
        {
            BatchSize = 10, CreateGroup = false, Block = TimeSpan.FromMilliseconds(200),
            ClaimMinIdle = TimeSpan.FromMilliseconds(500), ClaimInterval = TimeSpan.FromMilliseconds(100),
        }).Subscribe(m =>
        {
            if (seenByB.IsEmpty)
            {
                firstClaimAfter = secondBatchRead.Elapsed;
            }
            seenByB.Enqueue(m);
        });
        await WaitUntilAsync(async () => (await admin.XPending(stream, "workers")).Count == 0, "B acknowledged the claimed entries");

        Assert.Equal(ids.Take(13), seenByA);
        Assert.Equal(10, acksA.Acked);
        Assert.Equal(ids.Skip(10), seenByB.Select(m => m.Id.ToString()));
        Assert.All(seenByB, m => Assert.Equal(StreamDelivery.Claimed, m.Delivery));
        Assert.Equal(10, acksB.Acked);
        Assert.True(firstClaimAfter >= TimeSpan.FromMilliseconds(450), $"claimed {firstClaimAfter.TotalMilliseconds} ms after A read them: before the 500 ms idle time");
        output.WriteLine($"{protocol}: entries 11-20 claimed by B {firstClaimAfter.TotalMilliseconds:F0} ms after A read them (min idle 500 ms, interval 100 ms)");
    }

    [ServerFact(ServerFeature.Streams)]
    public async Task A_restarted_consumer_first_redelivers_its_unacknowledged_entries_then_reads_new_ones()
    {
        var stream = TestClients.Prefix("consume-restart", RedisProtocol.Resp3) + "s";
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        await AddAsync(client, stream, 5);
        var manual = new StreamConsumerOptions { AutoAck = false, StartId = "0", BatchSize = 2, Block = TimeSpan.FromMilliseconds(200) };
        var first = await client.ConsumeStream(stream, "g", "c", manual).Take(5).ToList();
        await first[0].Ack();
        Assert.All(first, m => Assert.Equal(StreamDelivery.New, m.Delivery));

        var second = client.ConsumeStream(stream, "g", "c", manual with { AutoAck = true }).Take(5).ToList().ToTask();
        await Task.Delay(100);
        await client.XAdd(stream, [new("n", "new")]);
        var again = await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(first.Skip(1).Select(m => m.Id), again.Take(4).Select(m => m.Id));
        Assert.All(again.Take(4), m => Assert.Equal(StreamDelivery.Pending, m.Delivery));
        Assert.Equal(StreamDelivery.New, again[4].Delivery);
        Assert.Equal("new", again[4].Fields[0].Value.ToString());
        Assert.False(await first[1].Ack()); // auto-acked by the second run
        // The last entry is acknowledged once its OnNext has returned, and Take(5) ended the test's wait inside that
        // OnNext: its XACK may follow this line's commands (an immediate XPending saw 1 in a CI run), so wait for it.
        await WaitUntilAsync(async () => (await client.XPending(stream, "g")).Count == 0, "the fifth entry's XACK after its OnNext returned");
    }

    [ServerFact(ServerFeature.Streams)]
    public async Task The_next_read_waits_until_the_subscriber_has_processed_the_batch()
    {
        var stream = TestClients.Prefix("consume-backpressure", RedisProtocol.Resp3) + "s";
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        await AddAsync(client, stream, 30);
        using var release = new ManualResetEventSlim();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        using var subscription = client.ConsumeStream(stream, "g", "slow", new StreamConsumerOptions { StartId = "0", BatchSize = 10 }).Subscribe(_ =>
        {
            if (Interlocked.Increment(ref seen) == 1)
            {
                started.SetResult();
                release.Wait(TimeSpan.FromSeconds(10));
            }
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        Assert.Equal(10, (await client.XPending(stream, "g")).Count); // one batch read, none acknowledged
        release.Set();
        await WaitUntilAsync(async () => (await client.XPending(stream, "g")).Count == 0 && Volatile.Read(ref seen) == 30, "all 30 processed and acked");
    }

    [ServerFact(ServerFeature.Streams)]
    public async Task Dispose_closes_the_blocked_read_so_a_later_entry_is_not_taken()
    {
        var stream = TestClients.Prefix("consume-dispose", RedisProtocol.Resp3) + "s";
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var delivered = 0;
        var subscription = client.ConsumeStream(stream, "g", "c", new StreamConsumerOptions { Block = TimeSpan.Zero })
            .Subscribe(_ => Interlocked.Increment(ref delivered));
        await WaitUntilAsync(async () => (await client.Execute("CLIENT", "LIST")).AsString()!.Contains("cmd=xreadgroup", StringComparison.Ordinal), "the read is blocked");

        subscription.Dispose();
        await WaitUntilAsync(async () => !(await client.Execute("CLIENT", "LIST")).AsString()!.Contains("cmd=xreadgroup", StringComparison.Ordinal), "the blocked connection is gone", TimeSpan.FromSeconds(2));
        await client.XAdd(stream, [new("n", "after")]);
        await Task.Delay(200);

        Assert.Equal(0, Volatile.Read(ref delivered));
        Assert.Equal(0, (await client.XPending(stream, "g")).Count); // no blocked read took it
    }

    [ServerTheory(ServerFeature.Streams)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task A_missing_group_ends_the_consumer_with_an_error_that_says_what_to_do(RedisProtocol protocol)
    {
        var stream = TestClients.Prefix("consume-nogroup", protocol) + "s";
        await using var client = await ConnectAsync(protocol);
        await client.XAdd(stream, [new("n", 1)]);

        var error = await Assert.ThrowsAsync<RedisStreamConsumerException>(() =>
            client.ConsumeStream(stream, "missing", "c", new StreamConsumerOptions { CreateGroup = false }).ToTask());

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("CreateGroup", error.Message, StringComparison.Ordinal);
        Assert.Equal("NOGROUP", Assert.IsType<RedisServerException>(error.InnerException).Prefix);
    }

    [ServerFact(ServerFeature.Streams)]
    public async Task An_exception_in_OnNext_ends_the_consumer_and_leaves_that_entry_pending()
    {
        // The callback policy (issue 13, RedisClient.CallbackErrors): reported there, the consumer stops, no OnError.
        var stream = TestClients.Prefix("consume-throw", RedisProtocol.Resp3) + "s";
        var acks = new AckCounter();
        await using var client = await ConnectAsync(RedisProtocol.Resp3, acks);
        await AddAsync(client, stream, 5);
        var seen = 0;
        var ended = 0;
        var reported = new TaskCompletionSource<RxRedis.Diagnostics.CallbackError>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var errors = client.CallbackErrors.Subscribe(e => reported.TrySetResult(e));

        using var subscription = client.ConsumeStream(stream, "g", "c", new StreamConsumerOptions { StartId = "0" }).Subscribe(
            _ =>
            {
                if (Interlocked.Increment(ref seen) == 3)
                {
                    throw new InvalidOperationException("bad entry");
                }
            },
            _ => Interlocked.Increment(ref ended),
            () => Interlocked.Increment(ref ended));
        var error = await reported.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => Task.FromResult(acks.Acked >= 2), "entries 1-2 were acknowledged");

        Assert.Equal("bad entry", error.Exception.Message);
        Assert.Equal(RxRedis.Diagnostics.CallbackKind.OnNext, error.Kind);
        var pending = await client.XPending(stream, "g");
        Assert.Equal(3, pending.Count); // entries 1-2 acked; 3 (failed) and 4-5 (never delivered) stay pending
        Assert.Equal(3, Volatile.Read(ref seen));
        Assert.Equal(0, Volatile.Read(ref ended)); // an observer that threw is called no more
    }
}
