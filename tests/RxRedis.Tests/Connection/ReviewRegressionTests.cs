using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Text;
using RxRedis.Protocol;

namespace RxRedis.Tests.Connection;

/// <summary>Regressions found in review: each failed before its fix.</summary>
public sealed class ReviewRegressionTests : FakeServerTestBase
{
    [Fact]
    public async Task A_refused_subscribe_that_already_timed_out_still_takes_both_of_its_replies()
    {
        Server.Handler = async (c, cmd) =>
        {
            switch (cmd[0])
            {
                case "SUBSCRIBE":
                    await Task.Delay(300); // past the 100 ms command timeout
                    await c.SendRawAsync("-NOPERM this user has no permissions to access the 'secret' channel\r\n");
                    break;
                case "PING":
                    await c.SendRawAsync("+PONG\r\n");
                    break;
                default:
                    await c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[1])));
                    break;
            }
        };
        var options = FastOptions();
        options.CommandTimeout = TimeSpan.FromMilliseconds(100);
        await using var client = await ConnectAsync(options);
        Exception? subscribeError = null;
        using var subscription = client.Subscribe("secret").Subscribe(_ => { }, e => subscribeError = e);
        await WaitUntilAsync(() => Server.Connections[0].Received.Any(c => c[0] == "SUBSCRIBE"), "SUBSCRIBE is sent");

        var value = await client.Get("mine").WithTimeout(TimeSpan.FromSeconds(5));

        Assert.Equal("mine", value.ToString()); // not the PONG that belonged to the refused SUBSCRIBE
        await WaitUntilAsync(() => subscribeError is not null, "the subscriber hears of the failure");
    }

    [Fact]
    public async Task An_infinite_command_timeout_means_batches_never_time_out()
    {
        var options = FastOptions();
        options.CommandTimeout = Timeout.InfiniteTimeSpan;
        await using var client = await ConnectAsync(options);
        var batch = client.CreateBatch();
        var a = batch.Add(client.Get("a"));
        var b = batch.Add(client.Get("b"));

        await batch.Execute();

        Assert.Equal("a", (await a).ToString());
        Assert.Equal("b", (await b).ToString());
    }

    [Fact]
    public async Task Items_of_a_batch_disposed_after_it_was_sent_end_with_an_outcome_unknown_error()
    {
        Server.Handler = (c, cmd) => Task.CompletedTask; // never answers
        await using var client = await ConnectAsync();
        var batch = client.CreateBatch();
        var item = batch.Add(client.Get("k"));
        var run = batch.Execute().Subscribe(_ => { }, _ => { });
        await WaitUntilAsync(() => Server.Connections[0].Received.Any(c => c[0] == "GET"), "the batch is sent");

        run.Dispose();

        var error = await Assert.ThrowsAsync<RedisException>(async () => await item.Timeout(TimeSpan.FromSeconds(5)));
        Assert.Equal(CommandOutcome.Unknown, error.Outcome);
    }

    [Fact]
    public async Task Bulk_from_an_observable_that_emits_synchronously_inside_subscribe_completes()
    {
        await using var client = await ConnectAsync();
        var source = Observable.Create<KeyValuePair<RedisKey, RedisValue>>(observer =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                observer.OnNext(new KeyValuePair<RedisKey, RedisValue>($"k{i}", i));
            }
            observer.OnCompleted();
            return Disposable.Empty;
        });

        var results = await client.BulkSet(source, new BulkOptions { ChunkSize = 8, MaxInFlight = 16 }).ToList().Timeout(TimeSpan.FromSeconds(10));

        Assert.Equal(1_000, results.Count);
        Assert.All(results, r => Assert.True(r.IsSuccess));
    }
}
