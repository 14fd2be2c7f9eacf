using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Client;

/// <summary>
/// Off the pool's critical path (issue 17): with the thread pool capped and every one of its threads blocked, so
/// that no work item can run until the test lets them go, a caller blocked in <c>GetAwaiter().GetResult()</c> still
/// gets its reply: the writer, the socket and the reader have threads of their own, and the reader releases the
/// waiting thread itself. It caps the whole process's pool, so it runs alone.
/// </summary>
[Collection(IsolatedCollectionDefinition.Name)]
public sealed class PoolStarvationTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    // A hang guard, not a measure: without its own threads the client gets no reply before the gate opens.
    private static readonly TimeSpan NoReplyAfter = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task A_blocking_caller_gets_its_reply_while_every_pool_thread_is_blocked(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(fixture.Server, protocol);
        var key = TestClients.Prefix(nameof(PoolStarvationTests), protocol) + "k";
        var value = $"value of {key}";
        await client.Set(key, value);

        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        var cap = Environment.ProcessorCount; // the lowest maximum the pool accepts
        var gate = new TaskCompletionSource(); // not disposable: items still queued when the test ends wait on it safely
        RedisValue got = default;
        Exception? failed = null;
        long completedDuringCall = -1;
        var saturated = false;
        var caller = new Thread(() =>
        {
            try
            {
                // Every pool thread is blocked and the pool may not add one: nothing queued to it can run.
                saturated = SpinWait.SpinUntil(() =>
                {
                    ThreadPool.GetAvailableThreads(out var free, out _);
                    return free == 0;
                }, NoReplyAfter);
                if (!saturated)
                {
                    return;
                }
                var before = ThreadPool.CompletedWorkItemCount;
                got = client.Get(key).GetAwaiter().GetResult();
                completedDuringCall = ThreadPool.CompletedWorkItemCount - before;
            }
            catch (Exception e)
            {
                failed = e;
            }
        });
        Assert.True(ThreadPool.SetMinThreads(cap, minIo), "could not lower the pool's minimum");
        try
        {
            Assert.True(ThreadPool.SetMaxThreads(cap, maxIo), "could not cap the pool");
            for (var i = 0; i < cap * 4; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static g => g.Task.Wait(), gate, preferLocal: false);
            }
            caller.Start();
            var returned = caller.Join(NoReplyAfter);
            gate.TrySetResult();
            Assert.True(saturated, "the pool never had all its threads blocked: nothing was tested");
            Assert.True(returned, $"no reply within {NoReplyAfter.TotalSeconds:0} s while the pool was blocked");
            Assert.Null(failed);
            Assert.Equal(value, (string?)got);
            Assert.Equal(0, completedDuringCall); // no pool work item ran between the call and its reply
        }
        finally
        {
            gate.TrySetResult();
            caller.Join(NoReplyAfter);
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }
    }
}
