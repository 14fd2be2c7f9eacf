using System.Reactive.Concurrency;
using System.Reactive.Linq;
using RxRedis.Commands;

namespace RxRedis.Resilience;

/// <summary>The retry operator: resubscribes to a cold source after a retryable error, waiting on a scheduler.</summary>
public static class RetryWithBackoffExtensions
{
    /// <summary>
    /// Subscribes to <paramref name="source"/>; when it fails with an error that <paramref name="policy"/> says is
    /// retryable for <paramref name="flags"/>, waits <see cref="RetryPolicy.Delay"/>(attempt) on
    /// <paramref name="scheduler"/> and subscribes again, up to <see cref="RetryPolicy.MaxRetries"/> times; then the
    /// last error is passed on. Values already delivered are not repeated by this operator, but a resubscribed
    /// source may deliver them again, so use it on sources that end in one value or an error (a Redis command).
    /// Disposing the subscription cancels a pending wait. Built from <c>Catch</c>, <c>Timer</c> and <c>SelectMany</c>.
    /// </summary>
    /// <param name="source">A cold observable: each subscription must run the operation again.</param>
    /// <param name="policy">How often and when to retry.</param>
    /// <param name="scheduler">Where the waits run (a <c>TestScheduler</c> in tests).</param>
    /// <param name="flags">What the operation is: read-only or idempotent ones are also retried when their outcome is unknown.</param>
    public static IObservable<T> RetryWithBackoff<T>(this IObservable<T> source, RetryPolicy policy, IScheduler scheduler, CommandFlags flags = CommandFlags.None)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scheduler);
        return Attempt(source, policy, scheduler, flags, 1, onRetry: null, reconfiguringUntil: null);
    }

    private static IObservable<T> Attempt<T>(IObservable<T> source, RetryPolicy policy, IScheduler scheduler, CommandFlags flags, int attempt, RetryNotification? onRetry, DateTimeOffset? reconfiguringUntil) =>
        source.Catch((Exception error) => AfterFailure(source, policy, scheduler, flags, attempt, error, onRetry, reconfiguringUntil));

    /// <summary>
    /// What follows failed attempt <paramref name="attempt"/>: the error, or a wait and the next attempt, announced
    /// to <paramref name="onRetry"/> (the hooks' <see cref="IRedisHook.OnRetry"/>) before the wait starts. Until
    /// <paramref name="reconfiguringUntil"/> (a cluster command's retry window), errors that a changing cluster
    /// explains are retried past <see cref="RetryPolicy.MaxRetries"/> (see <see cref="ClusterReconfiguration"/>).
    /// </summary>
    internal static IObservable<T> AfterFailure<T>(IObservable<T> source, RetryPolicy policy, IScheduler scheduler, CommandFlags flags, int attempt, Exception error, RetryNotification? onRetry = null, DateTimeOffset? reconfiguringUntil = null)
    {
        if (!CanRetry(policy, flags, attempt, error, scheduler, reconfiguringUntil))
        {
            return Observable.Throw<T>(error);
        }
        var delay = policy.Delay(attempt);
        onRetry?.Invoke(attempt, error, delay);
        return Observable.Timer(delay, scheduler).SelectMany(_ => Attempt(source, policy, scheduler, flags, attempt + 1, onRetry, reconfiguringUntil));
    }

    /// <summary>True when failed attempt <paramref name="attempt"/> (1-based) may be followed by another.</summary>
    internal static bool CanRetry(RetryPolicy policy, CommandFlags flags, int attempt, Exception error, IScheduler? scheduler = null, DateTimeOffset? reconfiguringUntil = null) =>
        policy.IsRetryable(error, flags)
        && (attempt <= policy.MaxRetries
            || (policy.MaxRetries > 0 && reconfiguringUntil is { } until && scheduler!.Now < until && ClusterReconfiguration.Explains(error)));
}
