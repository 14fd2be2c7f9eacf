using System.Collections.Concurrent;
using System.Reactive.Threading.Tasks;
using RxRedis.Tests.Connection;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Resilience;

/// <summary>
/// Commands refused with an error that proves they were not applied (<c>LOADING</c>) are retried by the connection
/// as one ordered block after one backoff, ahead of commands issued after them: with a jittered timer per command,
/// the retried SETs landed in random order and after newer SETs issued once the server was ready.
/// </summary>
public sealed class OrderedServerStateRetryTests : FakeServerTestBase
{
    [Fact]
    public async Task SETs_refused_while_loading_are_applied_in_issue_order_and_before_newer_ones()
    {
        const int Refused = 100, Later = 100;
        var loading = true;
        var refusals = 0;
        var applied = new ConcurrentQueue<int>();
        // The server holds its replies until it has received every one of the first SETs, so all of them are sent
        // (and refused) before the client reads a refusal: otherwise the first refusal holds the rest behind its
        // ordered resend, unsent, which is right but leaves nothing refused to reorder. Every reply after the first
        // SET's goes out through one chain, in the order the commands arrived.
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var replies = Task.CompletedTask;
        Server.Handler = (connection, command) =>
        {
            Func<Task> reply;
            if (command[0] != "SET")
            {
                reply = () => FakeRedisServer.DefaultHandler(connection, command);
            }
            else if (Volatile.Read(ref loading))
            {
                if (Interlocked.Increment(ref refusals) == 1)
                {
                    replies = replies.ContinueWith(_ => allReceived.Task, TaskScheduler.Default).Unwrap();
                }
                if (refusals == Refused)
                {
                    allReceived.TrySetResult();
                }
                reply = () => connection.SendRawAsync("-LOADING Redis is loading the dataset in memory\r\n");
            }
            else
            {
                applied.Enqueue(int.Parse(command[2], System.Globalization.CultureInfo.InvariantCulture));
                reply = () => connection.SendRawAsync("+OK\r\n");
            }
            replies = replies.ContinueWith(_ => reply(), TaskScheduler.Default).Unwrap();
            return Task.CompletedTask;
        };
        var options = FastOptions();
        options.RetryPolicy = options.RetryPolicy with { MaxRetries = 50 };
        var retries = new RetryCounter();
        options.Hooks.Add(retries);
        await using var client = await ConnectAsync(options);

        var sets = Enumerable.Range(1, Refused).Select(v => client.Set("k", v).ToTask()).ToList();
        // The newer SETs are issued once the client has read every first refusal (a command in flight before the
        // client read the server's LOADING may run before the refused ones: the server's state changed under it).
        await WaitUntilAsync(() => retries.FirstRefusals >= Refused, "the client saw every first attempt refused with LOADING");
        Volatile.Write(ref loading, false);
        sets.AddRange(Enumerable.Range(Refused + 1, Later).Select(v => client.Set("k", v).ToTask()));
        await Task.WhenAll(sets).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(Enumerable.Range(1, Refused + Later), applied);
    }

    private sealed class RetryCounter : RxRedis.Resilience.IRedisHook
    {
        private int _firstRefusals;

        /// <summary>Commands whose first attempt the client saw fail (the resends of a block count once each).</summary>
        public int FirstRefusals => Volatile.Read(ref _firstRefusals);

        public void OnRetry(RxRedis.Commands.CommandInfo command, int attempt, Exception failure, TimeSpan delay)
        {
            if (attempt == 1)
            {
                Interlocked.Increment(ref _firstRefusals);
            }
        }
    }
}
