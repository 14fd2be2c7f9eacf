using System.Reactive.Linq;
using Microsoft.Reactive.Testing;
using RxRedis.Commands;
using RxRedis.Resilience;

namespace RxRedis.Tests.Resilience;

/// <summary>The retry operator in virtual time: exact message and subscription times, dotnet/reactive style.</summary>
public sealed class RetryWithBackoffTests : ReactiveTest
{
    private const long Ms = TimeSpan.TicksPerMillisecond;

    private static readonly Exception NotSent = new RedisConnectionException("down", CommandOutcome.NotSent);

    [Fact]
    public void Default_policy_tries_four_times_at_the_stated_backoff_then_passes_the_last_error_on()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateColdObservable(OnError<int>(10, NotSent));
        // Default: 3 retries, 8 ms doubling, jitter 0.5; a fixed 0.5 draw takes a quarter off: 6, 12, 24 ms.
        var policy = RetryPolicy.Default with { Random = new FixedRandom(0.5) };

        var results = scheduler.Start(() => source.RetryWithBackoff(policy, scheduler), created: 100, subscribed: 200, disposed: 10_000 * Ms);

        results.Messages.AssertEqual(OnError<int>(210 + 6 * Ms + 10 + 12 * Ms + 10 + 24 * Ms + 10, NotSent));
        source.Subscriptions.AssertEqual(
            Subscribe(200, 210),
            Subscribe(210 + 6 * Ms, 220 + 6 * Ms),
            Subscribe(220 + 18 * Ms, 230 + 18 * Ms),
            Subscribe(230 + 42 * Ms, 240 + 42 * Ms));
    }

    [Fact]
    public void Default_policy_waits_are_8_16_32_ms_without_jitter_draw()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateColdObservable(OnError<int>(10, NotSent));
        var policy = RetryPolicy.Default with { Random = new FixedRandom(0) };

        scheduler.Start(() => source.RetryWithBackoff(policy, scheduler), created: 100, subscribed: 200, disposed: 10_000 * Ms);

        Assert.Equal([200, 210 + 8 * Ms, 220 + 24 * Ms, 230 + 56 * Ms], source.Subscriptions.Select(s => s.Subscribe));
    }

    [Fact]
    public void Custom_policy_caps_the_wait_and_succeeds_on_the_attempt_that_works()
    {
        var scheduler = new TestScheduler();
        var failing = scheduler.CreateColdObservable(OnError<string>(5 * Ms, new RedisServerException("LOADING Redis is loading the dataset in memory")));
        var working = scheduler.CreateColdObservable(OnNext(5 * Ms, "v"), OnCompleted<string>(5 * Ms));
        var attempts = 0;
        var source = Observable.Defer(() => ++attempts < 5 ? failing : working);
        var policy = new RetryPolicy
        {
            MaxRetries = 5,
            Backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), Jitter: 0),
        };

        var results = scheduler.Start(() => source.RetryWithBackoff(policy, scheduler), created: 100, subscribed: 200, disposed: 10_000 * Ms);

        // Waits 100, 200, 300 (capped), 300 ms after failures 1..4; each attempt takes 5 ms.
        var fifth = 200 + 4 * 5 * Ms + (100 + 200 + 300 + 300) * Ms;
        results.Messages.AssertEqual(OnNext(fifth + 5 * Ms, "v"), OnCompleted<string>(fifth + 5 * Ms));
        failing.Subscriptions.AssertEqual(
            Subscribe(200, 200 + 5 * Ms),
            Subscribe(200 + 105 * Ms, 200 + 110 * Ms),
            Subscribe(200 + 310 * Ms, 200 + 315 * Ms),
            Subscribe(200 + 615 * Ms, 200 + 620 * Ms));
        working.Subscriptions.AssertEqual(Subscribe(fifth, fifth + 5 * Ms));
    }

    [Fact]
    public void Jitter_stays_within_its_bounds_and_a_seed_reproduces_it()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(8), TimeSpan.FromMilliseconds(512), Jitter: 0.5);
        var first = new Random(1234);
        var second = new Random(1234);
        for (var i = 0; i < 10_000; i++)
        {
            var attempt = 1 + (i % 12);
            var ceiling = Math.Min(512.0, 8.0 * Math.Pow(2, attempt - 1));
            var delay = backoff.Delay(attempt, first);
            Assert.InRange(delay.TotalMilliseconds, ceiling / 2, ceiling);
            Assert.Equal(delay, backoff.Delay(attempt, second));
        }
    }

    [Fact]
    public void Disposing_during_the_wait_cancels_the_pending_retry_timer()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateColdObservable(OnError<int>(10, NotSent));
        var policy = RetryPolicy.Default with { Random = new FixedRandom(0) };

        var results = scheduler.Start(() => source.RetryWithBackoff(policy, scheduler), created: 100, subscribed: 200, disposed: 210 + 4 * Ms);

        Assert.Empty(results.Messages);
        source.Subscriptions.AssertEqual(Subscribe(200, 210));
        Assert.Equal(0, ScheduledCount(scheduler));
    }

    [Theory]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value")]
    [InlineData("ERR syntax error")]
    [InlineData("NOSCRIPT No matching script")]
    public void Ordinary_server_errors_are_never_retried(string error)
    {
        var scheduler = new TestScheduler();
        var failure = new RedisServerException(error);
        var source = scheduler.CreateColdObservable(OnError<int>(10, failure));

        var results = scheduler.Start(() => source.RetryWithBackoff(RetryPolicy.Default, scheduler, CommandFlags.ReadOnly));

        results.Messages.AssertEqual(OnError<int>(210, failure));
        source.Subscriptions.AssertEqual(Subscribe(200, 210));
    }

    [Fact]
    public void Cancellation_is_never_retried_even_when_the_policy_predicate_says_so()
    {
        var scheduler = new TestScheduler();
        var cancelled = new OperationCanceledException();
        var source = scheduler.CreateColdObservable(OnError<int>(10, cancelled));
        var policy = RetryPolicy.Default with { RetryIf = _ => true };

        var results = scheduler.Start(() => source.RetryWithBackoff(policy, scheduler), created: 100, subscribed: 200, disposed: 10_000 * Ms);

        results.Messages.AssertEqual(OnError<int>(210, cancelled));
    }

    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory", CommandFlags.None, true)]
    [InlineData("BUSY Redis is busy running a script.", CommandFlags.None, true)]
    [InlineData("READONLY You can't write against a read only replica.", CommandFlags.None, true)]
    [InlineData("MASTERDOWN Link with MASTER is down", CommandFlags.None, true)]
    [InlineData("CLUSTERDOWN The cluster is down", CommandFlags.None, true)]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot", CommandFlags.None, true)]
    [InlineData("NOREPLICAS Not enough good replicas to write.", CommandFlags.None, true)]
    [InlineData("ERR max number of clients reached", CommandFlags.None, true)]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", CommandFlags.ReadOnly, false)]
    [InlineData("ERR unknown command", CommandFlags.Idempotent, false)]
    public void Server_errors_are_classified_by_whether_they_prove_the_command_was_not_applied(string error, CommandFlags flags, bool retryable) =>
        Assert.Equal(retryable, RetryPolicy.Default.IsRetryable(new RedisServerException(error), flags));

    [Theory]
    [InlineData(CommandOutcome.NotSent, CommandFlags.None, false, true)]
    [InlineData(CommandOutcome.Unknown, CommandFlags.None, false, false)]
    [InlineData(CommandOutcome.Unknown, CommandFlags.None, true, true)]
    [InlineData(CommandOutcome.Unknown, CommandFlags.ReadOnly, false, true)]
    [InlineData(CommandOutcome.Unknown, CommandFlags.Idempotent, false, true)]
    public void Connection_errors_are_retried_when_not_sent_or_when_running_twice_is_safe(CommandOutcome outcome, CommandFlags flags, bool retryUnknown, bool retryable) =>
        Assert.Equal(retryable, (RetryPolicy.Default with { RetryUnknownOutcome = retryUnknown })
            .IsRetryable(new RedisConnectionException("lost", outcome), flags));

    [Fact]
    public void Timeouts_are_retried_only_when_the_policy_says_so()
    {
        var timeout = new RedisTimeoutException("GET", TimeSpan.FromSeconds(1), CommandOutcome.Unknown);
        Assert.False(RetryPolicy.Default.IsRetryable(timeout, CommandFlags.ReadOnly));
        Assert.True((RetryPolicy.Default with { RetryTimeouts = true }).IsRetryable(timeout, CommandFlags.ReadOnly));
        Assert.False((RetryPolicy.Default with { RetryTimeouts = true }).IsRetryable(timeout, CommandFlags.None));
    }

    [Fact]
    public void Client_disposal_is_never_retried()
    {
        var disposed = new RedisConnectionException("disposed", CommandOutcome.NotSent, new ObjectDisposedException("RedisClient"));
        Assert.False(RetryPolicy.Default.IsRetryable(disposed, CommandFlags.ReadOnly));
    }

    private static int ScheduledCount(TestScheduler scheduler)
    {
        var before = scheduler.Clock;
        scheduler.Start();
        return scheduler.Clock == before ? 0 : 1;
    }
}
