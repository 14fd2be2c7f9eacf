using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

[Collection(RedisCollectionDefinition.Name)]
public sealed class TransactionTests(RedisFixture fixture) : CommandTestBase(fixture)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Multi_exec_returns_each_typed_result_and_a_runtime_error_fails_only_its_command(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        await client.LPush(p + "list", "x");
        var tx = client.CreateTransaction();
        var incr = tx.Add(client.IncrBy(p + "n", 5));
        var wrong = tx.Add(client.Incr(p + "list"));
        var get = tx.Add(client.Get(p + "n"));
        Assert.True(await tx.Execute());
        Assert.Equal(5, await incr);
        Assert.Equal("5", (await get).ToString());
        Assert.Equal("WRONGTYPE", (await Assert.ThrowsAsync<RedisServerException>(async () => await wrong)).Prefix);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await tx.Execute());
    }

    [ServerTheory(ServerFeature.RedisEdgeSemantics)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task A_command_rejected_while_queuing_aborts_the_whole_transaction(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var p = Prefix(protocol);
        var tx = client.CreateTransaction();
        var set = tx.Add(client.Set(p + "k", "v"));
        _ = tx.Add(client.Execute("NOSUCHCOMMAND", "x"));
        var error = await Assert.ThrowsAsync<RedisTransactionException>(async () => await tx.Execute());
        Assert.Contains("EXECABORT", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.QueuedErrors, e => e.StartsWith("#1 NOSUCHCOMMAND", StringComparison.Ordinal));
        await Assert.ThrowsAsync<RedisTransactionException>(async () => await set);
        Assert.True((await client.Get(p + "k")).IsNull);
        // The shared connection is still in step afterwards.
        Assert.Equal("PONG", (await client.Ping()).ToString());
    }

    [Fact]
    public async Task Batch_returns_results_in_order()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var p = Prefix(RedisProtocol.Resp3);
        var batch = client.CreateBatch();
        var results = Enumerable.Range(0, 100).Select(i => batch.Add(client.IncrBy(p + "c", 1))).ToList();
        var wrong = batch.Add(client.HGet(p + "c", "f"));
        await batch.Execute();
        for (var i = 0; i < results.Count; i++)
        {
            Assert.Equal(i + 1, await results[i]);
        }
        Assert.Equal("WRONGTYPE", (await Assert.ThrowsAsync<RedisServerException>(async () => await wrong)).Prefix);
        Assert.Throws<ArgumentException>(() => client.CreateBatch().Add(client.BLPop([p + "x"], TimeSpan.FromSeconds(1))));
        Assert.Throws<InvalidOperationException>(() => batch.Add(client.Ping()));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Twenty_concurrent_watch_increments_end_at_the_exact_total(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(protocol);
        var key = Prefix(protocol) + "counter";
        const int Workers = 20, PerWorker = 25;
        var attempts = 0;
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWorker; i++)
            {
                var used = await client.WatchTransaction([key], async tx =>
                {
                    var current = await client.Get(key);
                    _ = tx.Add(client.Set(key, (current.IsNull ? 0 : (long)current) + 1));
                }, maxAttempts: 10_000);
                Interlocked.Add(ref attempts, used);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        Assert.Equal(Workers * PerWorker, (long)await client.Get(key));
        Assert.True(attempts >= Workers * PerWorker);
    }

    [Fact]
    public async Task Watch_transaction_gives_up_after_max_attempts_when_the_key_always_changes()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var key = Prefix(RedisProtocol.Resp3) + "hot";
        var error = await Assert.ThrowsAsync<RedisTransactionException>(async () => await client.WatchTransaction([key], async tx =>
        {
            await client.Incr(key); // changes the watched key from another connection every time
            _ = tx.Add(client.Set(key, 0));
        }, maxAttempts: 3));
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, (long)await client.Get(key));
    }
}
