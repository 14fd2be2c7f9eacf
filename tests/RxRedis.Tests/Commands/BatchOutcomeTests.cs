using System.Reactive.Linq;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Commands;

/// <summary>What a batch's items end with: no timeout when the command timeout is infinite, outcome unknown when disposed after sending.</summary>
public sealed class BatchOutcomeTests : FakeServerTestBase
{
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
}
