using System.Text;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Connection;

/// <summary>Awaiting a command binds to <see cref="RedisObservable{T}.GetAwaiter"/>, not Rx's awaiter: what it must keep.</summary>
public sealed class AwaitTests : FakeServerTestBase
{
    [Fact]
    public async Task Await_returns_the_reply()
    {
        Server.Handler = EchoKey;
        await using var client = await ConnectAsync();

        RedisObservable<RedisValue> get = client.Get("k");

        Assert.Equal("k", (await get).ToString());
    }

    [Fact]
    public async Task GetResult_called_before_the_reply_blocks_until_it_arrives()
    {
        Server.Handler = async (c, cmd) =>
        {
            await Task.Delay(50);
            await EchoKey(c, cmd);
        };
        await using var client = await ConnectAsync();

        var value = await Task.Run(() => client.Get("k").GetAwaiter().GetResult());

        Assert.Equal("k", value.ToString());
    }

    [Fact]
    public async Task Await_of_a_server_error_throws_it_unwrapped()
    {
        Server.Handler = (c, _) => c.SendRawAsync("-ERR boom\r\n");
        await using var client = await ConnectAsync(NoRetry());

        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.Get("k"));

        Assert.Equal("ERR", error.Prefix);
    }

    [Fact]
    public async Task Await_after_a_per_call_timeout_throws_RedisTimeoutException()
    {
        Server.Handler = async (c, cmd) =>
        {
            await Task.Delay(300); // too late, but the client need not wait long for it when disposed
            await EchoKey(c, cmd);
        };
        await using var client = await ConnectAsync(NoRetry());

        RedisObservable<RedisValue> get = client.Get("k").WithTimeout(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAsync<RedisTimeoutException>(async () => await get);
    }

    [Fact]
    public async Task A_blocked_continuation_does_not_hold_up_another_commands_reply()
    {
        Server.Handler = EchoKey;
        await using var client = await ConnectAsync();
        using var secondDone = new ManualResetEventSlim();

        // Run off the test framework's synchronization context so both continuations go to the thread pool. The
        // first blocks until the second has completed: were it run inline on the reader loop, the second reply
        // would never be read and the wait would time out.
        var firstSawSecond = await Task.Run(async () =>
        {
            var first = BlockingAwait(client, secondDone);
            var second = SignallingAwait(client, secondDone);
            await second;
            return await first;
        }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(firstSawSecond);
    }

    [Fact]
    public async Task Await_retries_a_LOADING_reply_under_the_client_policy()
    {
        var gets = 0;
        Server.Handler = (c, cmd) => Interlocked.Increment(ref gets) == 1
            ? c.SendRawAsync("-LOADING Redis is loading the dataset in memory\r\n")
            : EchoKey(c, cmd);
        var options = FastOptions();
        options.RetryPolicy = RetryPolicy.Default with { Backoff = new Backoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)) };
        await using var client = await ConnectAsync(options);

        Assert.Equal("k", (await client.Get("k")).ToString());
        Assert.Equal(2, gets);
    }

    [Fact]
    public async Task Await_under_a_synchronization_context_resumes_through_it_as_with_Rx()
    {
        // The GET's reply is held until the continuation is registered, as `await` registers it when the reply is not
        // yet in. With a reply already read, `await` runs on at once and posts nothing, as with Rx: one fresh-clone run
        // saw 0 posts when the fake answered before the await looked.
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Handler = async (c, cmd) =>
        {
            if (cmd[0] == "GET")
            {
                await registered.Task;
            }
            await EchoKey(c, cmd);
        };
        await using var client = await ConnectAsync();
        var context = new CountingContext();
        var resumed = new TaskCompletionSource<RedisValue>(TaskCreationOptions.RunContinuationsAsynchronously);

        await Task.Run(() =>
        {
            SynchronizationContext.SetSynchronizationContext(context);
            var awaiter = client.Get("k").GetAwaiter();
            Assert.False(awaiter.IsCompleted);
            awaiter.OnCompleted(() => resumed.SetResult(awaiter.GetResult())); // what `await` does with a pending reply
            SynchronizationContext.SetSynchronizationContext(null);
        });
        registered.SetResult();

        Assert.Equal("k", (await resumed.Task.WaitAsync(TimeSpan.FromSeconds(10))).ToString());
        Assert.Equal(1, context.Posts);
    }

    [Fact]
    public async Task OnCompleted_flows_the_execution_context_to_the_continuation()
    {
        Server.Handler = EchoKey;
        await using var client = await ConnectAsync();
        var local = new AsyncLocal<string?>();
        var seen = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);

        local.Value = "caller";
        var awaiter = client.Get("k").GetAwaiter();
        awaiter.OnCompleted(() => seen.SetResult(local.Value));
        local.Value = null;

        Assert.Equal("caller", await seen.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task<bool> BlockingAwait(RedisClient client, ManualResetEventSlim secondDone)
    {
        await client.Get("first");
        return secondDone.Wait(TimeSpan.FromSeconds(5));
    }

    private static async Task SignallingAwait(RedisClient client, ManualResetEventSlim secondDone)
    {
        await client.Get("second");
        secondDone.Set();
    }

    private static Task EchoKey(Fakes.FakeConnection connection, string[] command) =>
        connection.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(command[1])));

    private static RedisOptions NoRetry()
    {
        var options = FastOptions();
        options.RetryPolicy = RetryPolicy.None;
        return options;
    }

    private sealed class CountingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }
}
