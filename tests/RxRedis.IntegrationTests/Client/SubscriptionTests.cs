using System.Diagnostics;
using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Client;

/// <summary>Cold observables, disposal, reply routing under load, slow subscribers, client disposal.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class SubscriptionTests(RedisFixture fixture)
{
    private Task<RedisClient> Connect(RedisProtocol protocol = RedisProtocol.Resp3) => TestClients.ConnectAsync(fixture.Server, protocol);

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Each_subscription_sends_the_command_once(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var key = TestClients.Prefix("cold", protocol) + "k";
        var incr = client.Incr(key);
        Assert.Equal(1L, await incr);
        Assert.Equal(2L, await incr);
        Assert.Equal(3L, await incr);
        Assert.Equal("3", await fixture.Server.ExecRawAsync("GET", key));

        var concurrent = await Task.WhenAll(incr.ToTask(), incr.ToTask(), incr.ToTask());
        Assert.Equal([4L, 5L, 6L], concurrent.Order());
    }

    [Fact]
    public async Task An_observable_never_subscribed_sends_nothing()
    {
        await using var client = await Connect();
        var key = TestClients.Prefix("unsubscribed", RedisProtocol.Resp3) + "k";
        _ = client.Set(key, "v");
        _ = client.Incr(key + "n");
        await Task.Delay(200);
        // A later command has made its round trip, so anything queued before it would have run too.
        Assert.Equal("PONG", (await client.Ping()).ToString());
        Assert.Equal("0", await fixture.Server.ExecRawAsync("EXISTS", key, key + "n"));
    }

    [Fact]
    public async Task Retry_resubscribes_and_so_resends()
    {
        await using var client = await Connect();
        var key = TestClients.Prefix("retry", RedisProtocol.Resp3) + "k";
        await client.Set(key, "text");
        var attempts = 0;
        var failing = Observable.Defer(() =>
        {
            attempts++;
            return client.Incr(key);
        }).Retry(3);
        await Assert.ThrowsAsync<RedisServerException>(async () => await failing);
        Assert.Equal(3, attempts);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Disposing_before_the_reply_drops_it_and_later_commands_get_their_own_replies(RedisProtocol protocol)
    {
        await using var client = await Connect(protocol);
        var p = TestClients.Prefix("disposed", protocol);
        await client.Set(p + "a", "A");
        await client.Set(p + "b", "B");
        var lateCalls = 0;
        for (var i = 0; i < 1000; i++)
        {
            var disposed = false;
            var subscription = client.Get(p + "a").Subscribe(
                _ => { if (Volatile.Read(ref disposed)) { Interlocked.Increment(ref lateCalls); } },
                _ => Interlocked.Increment(ref lateCalls));
            subscription.Dispose();
            Volatile.Write(ref disposed, true);
            subscription.Dispose(); // a second dispose is harmless
        }
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal("B", (await client.Get(p + "b")).ToString());
        }
        await Task.Delay(100);
        Assert.Equal(0, lateCalls);
    }

    [Fact]
    public async Task No_reply_is_misrouted_among_100000_concurrent_gets_with_a_third_disposed()
    {
        const int count = 100_000;
        await using var client = await Connect();
        var p = TestClients.Prefix("misroute", RedisProtocol.Resp3);
        static string ValueOf(int i) => "value-of-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var batches = Enumerable.Range(0, count).Chunk(1000)
            .Select(chunk => client.MSet(chunk.Select(i => new KeyValuePair<RedisKey, RedisValue>(p + i, ValueOf(i)))).ToTask());
        await Task.WhenAll(batches);

        var random = new Random(1234);
        var dispose = Enumerable.Range(0, count).Select(_ => random.Next(3) == 0).ToArray();
        var kept = dispose.Count(d => !d);
        var pending = kept;
        var allKeptDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void KeptDone()
        {
            if (Interlocked.Decrement(ref pending) == 0)
            {
                allKeptDone.SetResult();
            }
        }
        int delivered = 0, mismatches = 0, errors = 0, deliveredToDisposed = 0;
        var subscriptions = new IDisposable[count];
        for (var i = 0; i < count; i++)
        {
            var index = i;
            var observer = Observer.Create<RedisValue>(
                value =>
                {
                    if (value.ToString() != ValueOf(index))
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                    Interlocked.Increment(ref delivered);
                    if (dispose[index])
                    {
                        Interlocked.Increment(ref deliveredToDisposed);
                    }
                },
                _ =>
                {
                    Interlocked.Increment(ref errors);
                    if (!dispose[index])
                    {
                        KeptDone();
                    }
                },
                () =>
                {
                    if (!dispose[index])
                    {
                        KeptDone();
                    }
                });
            subscriptions[i] = client.Get(p + i).Subscribe(observer);
            if (dispose[i])
            {
                subscriptions[i].Dispose();
            }
        }

        var finished = await Task.WhenAny(allKeptDone.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(finished == allKeptDone.Task, $"Only {kept - Volatile.Read(ref pending)} of {kept} replies arrived.");
        Assert.Equal(0, mismatches);
        Assert.Equal(0, errors);
        Assert.Equal(kept, delivered - deliveredToDisposed);
        Assert.InRange(kept, count * 60 / 100, count * 73 / 100);

        // The connection is still in step.
        for (var i = 0; i < 50; i++)
        {
            var index = random.Next(count);
            Assert.Equal(ValueOf(index), (await client.Get(p + index)).ToString());
        }
        await Task.WhenAll(Enumerable.Range(0, count).Chunk(1000).Select(chunk => client.Unlink([.. chunk.Select(i => (RedisKey)(p + i))]).ToTask()));
        Assert.Equal(0L, await client.Exists(p + 0, p + (count - 1)));
    }

    [Fact]
    public async Task Dispose_ends_the_state_stream_and_later_commands_fail_as_not_sent()
    {
        var client = await Connect();
        var states = new List<ConnectionStatus>();
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = client.ConnectionState.Subscribe(s => { lock (states) { states.Add(s.Status); } }, () => completed.SetResult());

        // Commands subscribed just before disposal either get their reply or fail as not sent; nothing hangs.
        var racing = Enumerable.Range(0, 500).Select(i => client.Echo(i).ToTask()).ToArray();
        await client.DisposeAsync();
        await completed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < racing.Length; i++)
        {
            try
            {
                Assert.Equal(i, (long)await racing[i].WaitAsync(TimeSpan.FromSeconds(10)));
            }
            catch (RedisConnectionException e)
            {
                Assert.Equal(CommandOutcome.NotSent, e.Outcome);
            }
        }

        lock (states)
        {
            Assert.Equal(ConnectionStatus.Connected, states[0]);
            Assert.Equal(ConnectionStatus.Disposed, states[^1]);
        }
        // A subscriber arriving after disposal still gets the current (final) state, then completion.
        Assert.Equal([ConnectionStatus.Disposed], (await client.ConnectionState.ToList().ToTask().WaitAsync(TimeSpan.FromSeconds(5))).Select(s => s.Status));
        var after = await Assert.ThrowsAsync<RedisConnectionException>(async () => await client.Get("after-dispose"));
        Assert.Equal(CommandOutcome.NotSent, after.Outcome);
        var ping = await Assert.ThrowsAsync<RedisConnectionException>(async () => await client.Ping());
        Assert.Equal(CommandOutcome.NotSent, ping.Outcome);
        await client.DisposeAsync(); // twice is harmless
    }
}
