using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Cluster;

/// <summary>A cluster node that leaves the slot map is retired: what waited on it must be retried elsewhere.</summary>
public sealed class RetiredNodeTests : FakeServerTestBase
{
    [Fact]
    public async Task Commands_queued_on_a_retired_node_fail_as_retryable_not_sent_unlike_a_disposed_client()
    {
        Server.Refuse = true; // the node is down: the command waits in its queue
        var retired = await QueuedFailureAsync(c => c.RetireAsync());
        var disposed = await QueuedFailureAsync(c => c.DisposeAsync());

        var notSent = Assert.IsType<RedisConnectionException>(retired);
        Assert.Equal(CommandOutcome.NotSent, notSent.Outcome);
        Assert.Contains("left the cluster's slot map", notSent.Message, StringComparison.Ordinal);
        Assert.True(RetryWithBackoffExtensions.CanRetry(RetryPolicy.Default, CommandTable.Set.Flags, 1, retired));
        Assert.False(RetryWithBackoffExtensions.CanRetry(RetryPolicy.Default, CommandTable.Set.Flags, 1, disposed));
    }

    private async Task<Exception> QueuedFailureAsync(Func<RedisConnection, ValueTask> close)
    {
        var connection = RedisConnection.Open(FastOptions(), Server);
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = new RedisCommand<RespValue>(connection, CommandTable.Set, ReplyDecoders.Raw, ["k", "v"]).Once()
            .Subscribe(_ => { }, e => failed.TrySetResult(e), () => failed.TrySetException(new InvalidOperationException("it was sent")));

        await close(connection);

        return await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
