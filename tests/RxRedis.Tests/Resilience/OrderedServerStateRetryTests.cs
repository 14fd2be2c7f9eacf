using System.Collections.Concurrent;
using System.Reactive.Threading.Tasks;
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
        Server.Handler = (connection, command) =>
        {
            if (command[0] != "SET")
            {
                return FakeRedisServer.DefaultHandler(connection, command);
            }
            if (Volatile.Read(ref loading))
            {
                Interlocked.Increment(ref refusals);
                return connection.SendRawAsync("-LOADING Redis is loading the dataset in memory\r\n");
            }
            applied.Enqueue(int.Parse(command[2], System.Globalization.CultureInfo.InvariantCulture));
            return connection.SendRawAsync("+OK\r\n");
        };
        var options = FastOptions();
        options.RetryPolicy = options.RetryPolicy with { MaxRetries = 50 };
        var retries = new RetryCounter();
        options.Hooks.Add(retries);
        await using var client = await ConnectAsync(options);

        var sets = Enumerable.Range(1, Refused).Select(v => client.Set("k", v).ToTask()).ToList();
        // The newer SETs are issued once the client knows of every refusal (a command issued before the client read
        // the server's LOADING may run before the refused ones: it was in flight when the server's state changed).
        await WaitUntilAsync(() => retries.Count >= Refused, "the client saw every first attempt refused with LOADING");
        Volatile.Write(ref loading, false);
        sets.AddRange(Enumerable.Range(Refused + 1, Later).Select(v => client.Set("k", v).ToTask()));
        await Task.WhenAll(sets).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(Enumerable.Range(1, Refused + Later), applied);
    }

    private sealed class RetryCounter : RxRedis.Resilience.IRedisHook
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnRetry(RxRedis.Commands.CommandInfo command, int attempt, Exception failure, TimeSpan delay) => Interlocked.Increment(ref _count);
    }
}
