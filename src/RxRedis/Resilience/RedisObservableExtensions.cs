using RxRedis.Commands;

namespace RxRedis;

/// <summary>Per-call settings for the observables that <see cref="RedisClient"/> methods return.</summary>
public static class RedisObservableExtensions
{
    /// <summary>
    /// The same command with its own timeout instead of <see cref="RedisOptions.CommandTimeout"/> (a blocking
    /// command still gets its block time added). It runs on the client's scheduler; when it expires the command
    /// fails with <see cref="RedisTimeoutException"/> and, if it was sent, its late reply is dropped.
    /// <see cref="Timeout.InfiniteTimeSpan"/> means no timeout.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="command"/> is not a command returned by a <see cref="RedisClient"/> method.</exception>
    public static IObservable<T> WithTimeout<T>(this IObservable<T> command, TimeSpan timeout) => Command(command, timeout).WithTimeout(timeout);

    /// <summary>
    /// The same command with its own timeout instead of <see cref="RedisOptions.CommandTimeout"/>, still awaitable
    /// through <see cref="RedisObservable{T}.GetAwaiter"/>; otherwise as <see cref="WithTimeout{T}(IObservable{T}, TimeSpan)"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="command"/> is not a command returned by a <see cref="RedisClient"/> method.</exception>
    public static RedisObservable<T> WithTimeout<T>(this RedisObservable<T> command, TimeSpan timeout) => Command(command, timeout).WithTimeout(timeout);

    private static RedisCommand<T> Command<T>(IObservable<T> command, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        }
        return command as RedisCommand<T>
            ?? throw new ArgumentException("Only a command returned by a RedisClient method takes a per-call timeout; use Rx Timeout on other observables.", nameof(command));
    }
}
