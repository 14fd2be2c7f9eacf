using System.Collections.Concurrent;
using System.Reactive.Linq;
using RxRedis.Commands;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Resilience;

namespace RxRedis.IntegrationTests.Diagnostics;

/// <summary>
/// Every kind of command reaches the hooks (issue 12), so spans, metrics and slow-command logs, which are hooks, see
/// it too. A bulk operation is observed per chunk (one <see cref="IRedisHook.ProcessPipeline"/> call per chunk);
/// batches and transactions as one pipeline (a transaction's with its MULTI and EXEC); the rest one
/// <see cref="IRedisHook.Process"/> call per command.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class HookCoverageTests(RedisFixture fixture)
{
    [Fact]
    public async Task Plain_blocking_batch_transaction_watch_bulk_script_scan_and_pubsub_control_commands_all_reach_the_hooks()
    {
        var hook = new RecordingHook();
        var options = new RedisOptions { EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port) };
        options.Hooks.Add(hook);
        await using var client = await RedisClient.ConnectAsync(options);
        var timeout = TimeSpan.FromSeconds(10);

        await client.Set("hooks:plain", "1").Timeout(timeout);
        await client.RPush("hooks:list", "x").Timeout(timeout);
        await client.BLPop(["hooks:list"], TimeSpan.FromSeconds(1)).Timeout(timeout);
        var batch = client.CreateBatch();
        _ = batch.Add(client.Get("hooks:batch:a"));
        _ = batch.Add(client.Incr("hooks:batch:b"));
        await batch.Execute().Timeout(timeout);
        var transaction = client.CreateTransaction();
        _ = transaction.Add(client.Incr("hooks:tx"));
        await transaction.Execute().Timeout(timeout);
        await client.WatchTransaction(["hooks:watched"], async t =>
        {
            _ = t.Add(client.Set("hooks:watched", "2"));
            await Task.CompletedTask;
        }).Timeout(timeout);
        var pairs = Enumerable.Range(0, 10).Select(i => new KeyValuePair<RedisKey, RedisValue>($"hooks:bulk:{i}", i));
        await client.BulkSet(pairs, new BulkOptions { ChunkSize = 4 }).LastOrDefaultAsync().Timeout(timeout);
        await client.Eval(new RedisScript("return 'hooks:" + Guid.NewGuid() + "'")).Timeout(timeout); // never cached before
        // A one-page HSCAN: a keyspace SCAN walks every key of the shared server (ScanTests leaves 100,000), which took
        // over the 10 s limit in a full CI run; the scan path through the hooks is the same.
        await client.HSet("hooks:hash", "f", "v").Timeout(timeout);
        await client.HScan("hooks:hash").ToList().Timeout(timeout);
        var subscription = client.Subscribe("hooks:channel");
        using (subscription.Subscribe(_ => { }))
        {
            await subscription.Ready.FirstAsync().Timeout(timeout);
        }

        // Sent when the last subscriber left. Each control command's end is told to the hooks by its own pool work
        // item, after the hub acted on the confirmation: SUBSCRIBE's may run after UNSUBSCRIBE's (one fresh-clone CI
        // run saw exactly that), so the test waits for both.
        await hook.WaitForAsync("UNSUBSCRIBE", timeout);
        await hook.WaitForAsync("SUBSCRIBE", timeout);

        Assert.Contains("SET", hook.Ended);
        Assert.Contains("BLPOP", hook.Ended);
        Assert.Contains("pipeline GET,INCR", hook.Ended);
        Assert.Contains("pipeline MULTI,INCR,EXEC", hook.Ended);
        Assert.Contains("WATCH", hook.Ended);
        Assert.Contains("pipeline MULTI,SET,EXEC", hook.Ended); // the watch transaction's body
        Assert.Equal(["pipeline SET,SET,SET,SET", "pipeline SET,SET,SET,SET", "pipeline SET,SET"], hook.Ended.Where(e => e.StartsWith("pipeline SET", StringComparison.Ordinal)));
        // A script the server has not cached: EVALSHA fails with NOSCRIPT, then EVAL runs it; the hooks see both.
        Assert.Contains("EVAL", hook.Ended);
        Assert.Contains("HSCAN", hook.Ended);
        Assert.Contains("SUBSCRIBE", hook.Ended);
        Assert.Contains("UNSUBSCRIBE", hook.Ended);
        Assert.Equal(["EVALSHA: NOSCRIPT"], hook.Failed.Select(f => f.Split(' ')[0] + " " + f.Split(' ')[1]));
    }

    /// <summary>Records each command or pipeline the hooks saw end, by name ("pipeline A,B" for several).</summary>
    private sealed class RecordingHook : IRedisHook
    {
        private readonly ConcurrentQueue<string> _ended = new();
        private readonly ConcurrentQueue<string> _failed = new();

        public IReadOnlyList<string> Ended => [.. _ended];

        public IReadOnlyList<string> Failed => [.. _failed];

        public IObservable<T> Process<T>(CommandInfo command, IObservable<T> inner) => Record(command.Name, inner);

        public IObservable<T> ProcessPipeline<T>(IReadOnlyList<CommandInfo> commands, IObservable<T> inner) =>
            Record("pipeline " + string.Join(',', commands.Select(c => c.Name)), inner);

        private IObservable<T> Record<T>(string name, IObservable<T> inner) =>
            inner.Do(static _ => { }, e => _failed.Enqueue($"{name}: {e.Message}"), () => _ended.Enqueue(name));

        public async Task WaitForAsync(string name, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (!_ended.Contains(name) && DateTime.UtcNow < until)
            {
                await Task.Delay(10);
            }
            Assert.True(_ended.Contains(name), $"The hooks never saw {name} end; they saw: {string.Join("; ", _ended)}");
        }
    }
}
