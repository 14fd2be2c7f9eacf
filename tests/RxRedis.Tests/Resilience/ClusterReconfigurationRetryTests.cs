using Microsoft.Reactive.Testing;
using RxRedis.Commands;
using RxRedis.Resilience;

namespace RxRedis.Tests.Resilience;

/// <summary>A cluster command's retry window in virtual time: errors a changing cluster explains outlast MaxRetries.</summary>
public sealed class ClusterReconfigurationRetryTests : ReactiveTest
{
    private const long Ms = TimeSpan.TicksPerMillisecond;

    private static readonly RetryPolicy Policy = new()
    {
        MaxRetries = 3,
        Backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), Jitter: 0),
    };

    [Theory]
    [InlineData("CLUSTERDOWN The cluster is down")]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot")]
    public void Cluster_errors_are_retried_every_backoff_until_the_window_ends(string error)
    {
        var scheduler = new TestScheduler();
        var failure = new RedisServerException(error);
        var source = scheduler.CreateColdObservable(OnError<int>(0, failure));
        var until = new DateTimeOffset(1 * TimeSpan.TicksPerSecond, TimeSpan.Zero);

        var results = scheduler.Start(
            () => RetryWithBackoffExtensions.AfterFailure(source, Policy, scheduler, CommandFlags.None, 1, failure, reconfiguringUntil: until),
            created: 0, subscribed: 0, disposed: 10_000 * Ms);

        // Attempts every 100 ms (plus the test scheduler's one tick per timer); the one that fails at 1 s, not
        // before the window's end, is the last.
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i * (100 * Ms + 1)), source.Subscriptions.Select(s => s.Subscribe));
        results.Messages.AssertEqual(OnError<int>(10 * (100 * Ms + 1) + 1, failure)); // the cold error itself takes one more tick
    }

    [Fact]
    public void An_unreachable_node_is_retried_through_the_window_too()
    {
        var scheduler = new TestScheduler();
        var failure = new RedisConnectionException("the cluster node is unreachable", CommandOutcome.NotSent);
        var source = scheduler.CreateColdObservable(OnError<int>(0, failure));

        scheduler.Start(
            () => RetryWithBackoffExtensions.AfterFailure(source, Policy, scheduler, CommandFlags.None, 1, failure, reconfiguringUntil: new DateTimeOffset(TimeSpan.TicksPerSecond, TimeSpan.Zero)),
            created: 0, subscribed: 0, disposed: 10_000 * Ms);

        Assert.Equal(10, source.Subscriptions.Count);
    }

    [Fact]
    public void Other_retryable_errors_keep_to_max_retries()
    {
        var scheduler = new TestScheduler();
        var failure = new RedisServerException("LOADING Redis is loading the dataset in memory");
        var source = scheduler.CreateColdObservable(OnError<int>(0, failure));

        scheduler.Start(
            () => RetryWithBackoffExtensions.AfterFailure(source, Policy, scheduler, CommandFlags.None, 1, failure, reconfiguringUntil: new DateTimeOffset(TimeSpan.TicksPerSecond, TimeSpan.Zero)),
            created: 0, subscribed: 0, disposed: 10_000 * Ms);

        Assert.Equal([100 * Ms + 1, 200 * Ms + 2, 300 * Ms + 3], source.Subscriptions.Select(s => s.Subscribe));
    }

    [Fact]
    public void A_policy_without_retries_is_not_extended()
    {
        var scheduler = new TestScheduler();
        var failure = new RedisServerException("CLUSTERDOWN The cluster is down");

        Assert.False(RetryWithBackoffExtensions.CanRetry(RetryPolicy.None, CommandFlags.None, 1, failure, scheduler, scheduler.Now.AddSeconds(5)));
        Assert.True(RetryWithBackoffExtensions.CanRetry(Policy, CommandFlags.None, 4, failure, scheduler, scheduler.Now.AddSeconds(5)));
        Assert.False(RetryWithBackoffExtensions.CanRetry(Policy, CommandFlags.None, 4, new RedisServerException("WRONGTYPE Operation against a key"), scheduler, scheduler.Now.AddSeconds(5)));
    }
}
