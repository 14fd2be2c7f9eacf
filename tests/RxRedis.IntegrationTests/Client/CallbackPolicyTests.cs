using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Diagnostics;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Client;

/// <summary>
/// The one policy for exceptions thrown by user code (issue 13, <see cref="RedisClient.CallbackErrors"/>), for each
/// kind of observable: the test host survives (an exception escaping on a pool thread would end the run), the
/// failing subscription gets no further call (no OnError, no OnCompleted, no second OnNext), the exception is
/// logged as event 1050 and published on CallbackErrors, and the same client then serves commands.
/// </summary>
public sealed class CallbackPolicyTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    [Fact]
    public Task A_command() => AssertPolicy("GET", (client, key) => client.Get(key));

    [Fact]
    public Task A_blocking_command() => AssertPolicy("BLPOP", async (client, key) =>
    {
        await client.RPush(key, "x");
        return client.BLPop([key], TimeSpan.FromSeconds(5));
    });

    [Fact]
    public Task A_transaction() => AssertPolicy("MULTI", (client, key) =>
    {
        var transaction = client.CreateTransaction();
        _ = transaction.Add(client.Set(key, "x"));
        return transaction.Execute();
    });

    [Fact]
    public Task A_batch_result() => AssertPolicy("SET", (client, key) =>
    {
        var batch = client.CreateBatch();
        var result = batch.Add(client.Set(key, "x"));
        batch.Execute().Subscribe(_ => { }, _ => { });
        return result;
    });

    [Fact]
    public Task A_bulk_operation() => AssertPolicy("bulk", (client, key) =>
        client.BulkSet(Enumerable.Range(0, 100).Select(i => new KeyValuePair<RedisKey, RedisValue>(key + i, i))));

    [Fact]
    public Task A_scan() => AssertPolicy("SCAN", async (client, key) =>
    {
        await client.Set(key, "x");
        return client.Scan(new ScanOptions { Match = key + "*" });
    });

    [Fact]
    public Task The_connection_state() => AssertPolicy(nameof(RedisClient.ConnectionState), (client, _) => client.ConnectionState);

    [ServerFact(ServerFeature.ClientTracking)]
    public Task A_cache_hit() => AssertPolicy("cache", async (client, key) =>
    {
        var cache = await client.EnableClientCacheAsync();
        await client.Set(key, "x");
        await cache.Get(key); // now held
        return cache.Get(key);
    });

    [ServerFact(ServerFeature.ClientTracking)]
    public async Task A_cache_invalidation()
    {
        ClientCache? cache = null;
        await AssertPolicy(nameof(ClientCache.Invalidations), async (client, key) =>
        {
            cache = await client.EnableClientCacheAsync();
            await client.Set(key, "x");
            await cache.Get(key); // tracked: the next write invalidates it
            return cache.Invalidations;
        }, (client, key) => client.Set(key, "changed").ToTask());
    }

    [Fact]
    public async Task A_pub_sub_subscriber_leaves_its_channel_and_the_others_keep_receiving()
    {
        using var capture = new TelemetryCapture(RedisServerProcess.Host, fixture.Server.Port);
        await using var client = await Connect(capture);
        var channel = TestClients.Prefix("callback-pubsub", RedisProtocol.Resp3) + "ch";
        var report = Reported(client);
        var failing = new Calls();
        var healthy = new List<string>();
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = client.Subscribe(channel);
        using var bad = subscription.Subscribe(_ => failing.Next(), _ => failing.Error(), failing.Completed);
        using var good = subscription.Subscribe(m =>
        {
            lock (healthy)
            {
                healthy.Add(m.Payload.ToString());
                if (healthy.Count == 2)
                {
                    second.SetResult();
                }
            }
        });
        await subscription.Ready.FirstAsync().ToTask().WaitAsync(TimeSpan.FromSeconds(10));

        await client.Publish(channel, "m1");
        var error = await report.WaitAsync(TimeSpan.FromSeconds(10));
        await client.Publish(channel, "m2");
        await second.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallbackKind.OnNext, error.Kind);
        Assert.Equal(nameof(SubscriptionKind.Channel), error.Source);
        Assert.Same(Calls.Canary, error.Exception);
        Assert.Equal(["m1", "m2"], healthy);
        Assert.Equal((1, 0, 0), failing.Counts);
        AssertLogged(capture);
    }

    [ServerFact(ServerFeature.Streams)]
    public Task A_stream_tail() => AssertPolicy("StreamTail", async (client, key) =>
    {
        await client.XAdd(key, [new("f", "v")]);
        return client.TailStream(key, "0");
    });

    private Task AssertPolicy<T>(string source, Func<RedisClient, string, IObservable<T>> observable) =>
        AssertPolicy(source, (client, key) => Task.FromResult(observable(client, key)));

    /// <param name="after">What makes the observable deliver, when subscribing alone does not.</param>
    private async Task AssertPolicy<T>(string source, Func<RedisClient, string, Task<IObservable<T>>> observable, Func<RedisClient, string, Task>? after = null)
    {
        using var capture = new TelemetryCapture(RedisServerProcess.Host, fixture.Server.Port);
        await using var client = await Connect(capture);
        var key = TestClients.Prefix("callback-" + source, RedisProtocol.Resp3) + "k";
        var report = Reported(client);
        var failing = new Calls();

        using var subscription = (await observable(client, key)).Subscribe(_ => failing.Next(), _ => failing.Error(), failing.Completed);
        if (after is not null)
        {
            await after(client, key);
        }
        var error = await report.WaitAsync(TimeSpan.FromSeconds(10));

        // The same client still works, and a round trip later the failing observer has still had one call.
        await client.Set(key + ":after", source);
        Assert.Equal(source, (await client.Get(key + ":after")).ToString());
        Assert.Equal(CallbackKind.OnNext, error.Kind);
        Assert.Equal(source, error.Source);
        Assert.Same(Calls.Canary, error.Exception);
        Assert.Equal((1, 0, 0), failing.Counts);
        AssertLogged(capture);
    }

    private Task<RedisClient> Connect(TelemetryCapture capture) =>
        TestClients.ConnectAsync(fixture.Server, RedisProtocol.Resp3, o => o.AddDiagnostics(new RedisDiagnosticsOptions { Logger = capture }));

    private static Task<CallbackError> Reported(RedisClient client)
    {
        var first = new TaskCompletionSource<CallbackError>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.CallbackErrors.Subscribe(e => first.TrySetResult(e));
        return first.Task;
    }

    private static void AssertLogged(TelemetryCapture capture)
    {
        var entry = Assert.Single(capture.Logs, l => l.Id.Id == RedisLogEvents.CallbackFailed);
        Assert.Same(Calls.Canary, entry.Exception);
    }

    /// <summary>An observer's calls; OnNext throws the canary every time.</summary>
    private sealed class Calls
    {
        public static readonly InvalidOperationException Canary = new("thrown by the test's OnNext");
        private int _next, _error, _completed;

        public (int Next, int Error, int Completed) Counts => (Volatile.Read(ref _next), Volatile.Read(ref _error), Volatile.Read(ref _completed));

        public void Next()
        {
            Interlocked.Increment(ref _next);
            throw Canary;
        }

        public void Error() => Interlocked.Increment(ref _error);

        public void Completed() => Interlocked.Increment(ref _completed);
    }
}
