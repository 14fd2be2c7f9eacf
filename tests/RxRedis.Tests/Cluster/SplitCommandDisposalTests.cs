using System.Text;
using RxRedis.Protocol;
using RxRedis.Tests.Connection;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Cluster;

/// <summary>
/// Disposing a split command (one part per slot) before its parts are answered: the replies that come later are
/// dropped, the observer hears nothing, and the connection stays in step. The fake cluster holds the MGET replies
/// until the test has disposed, so the order of events is fixed, not left to the scheduler (on a real cluster the
/// replies can beat a preempted test thread to Dispose: that was the ClusterMultiKeyTests flake of issue 18).
/// </summary>
public sealed class SplitCommandDisposalTests : FakeServerTestBase
{
    private readonly TaskCompletionSource _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SplitCommandDisposalTests()
    {
        Server.Handler = async (c, cmd) =>
        {
            switch (cmd[0].ToUpperInvariant())
            {
                case "CLUSTER" when FakeCluster.IsShards(cmd):
                    await c.SendAsync(FakeCluster.OneShard());
                    break;
                case "MGET":
                    await _answer.Task; // held until the subscription was disposed
                    await c.SendAsync(RespValue.Aggregate(RespType.Array, [.. cmd.Skip(1).Select(k => RespValue.BulkString(Encoding.UTF8.GetBytes("value-of-" + k)))]));
                    break;
                default:
                    await FakeRedisServer.DefaultHandler(c, cmd);
                    break;
            }
        };
    }

    [Fact]
    public async Task Replies_to_a_disposed_split_command_reach_nobody_and_the_connection_stays_in_step()
    {
        var options = FastOptions();
        options.Cluster.Enabled = true;
        await using var client = await ConnectAsync(options);
        var events = new List<string>();

        var subscription = client.MGet("a", "b", "c").Subscribe(
            v => { lock (events) { events.Add("next"); } },
            e => { lock (events) { events.Add("error " + e.Message); } },
            () => { lock (events) { events.Add("completed"); } });
        await WaitUntilAsync(() => Server.Connections.Any(c => c.Received.Any(r => r[0] == "MGET")), "a part was written");
        subscription.Dispose();
        _answer.SetResult();

        // Queued behind the parts on the node's one connection: it gets its own reply, so theirs came and went first.
        Assert.Equal("d", (await client.Get("d")).ToString());
        Assert.Empty(events);
    }
}
