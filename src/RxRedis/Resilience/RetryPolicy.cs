using System.Collections.Frozen;
using RxRedis.Commands;

namespace RxRedis.Resilience;

/// <summary>
/// When and how often a failed command is tried again. Attempt <c>n</c> (1-based) that fails with a retryable
/// error is followed, after <see cref="Backoff"/>.<see cref="Resilience.Backoff.Delay"/>(n), by attempt <c>n + 1</c>,
/// up to <see cref="MaxRetries"/> retries. Immutable; <see cref="Default"/> is what every client uses unless told
/// otherwise. See <see cref="IsRetryable"/> for which failures count.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>
    /// Server errors that prove the command was not applied, so resending is always safe. Redis documents them with
    /// the replication, cluster and scripting pages: https://redis.io/docs/latest/develop/reference/protocol-spec/#simple-errors.
    /// </summary>
    public static readonly IReadOnlySet<string> NotAppliedErrorPrefixes = new[]
    {
        "LOADING", "BUSY", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "NOREPLICAS",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Sent when maxclients is reached, before the command is read: https://redis.io/docs/latest/develop/reference/clients/#maximum-concurrent-connected-clients
    private const string MaxClientsError = "ERR max number of clients reached";

    /// <summary>3 retries, 8 ms doubling to 512 ms with up to half of each wait removed at random (go-redis's numbers).</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>No retries: every failure reaches the subscriber at once.</summary>
    public static RetryPolicy None { get; } = new() { MaxRetries = 0 };

    /// <summary>How many times a failed command is sent again (so at most <c>MaxRetries + 1</c> attempts). Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The waits between attempts. Default 8 ms doubling to 512 ms, jitter 0.5.</summary>
    public Backoff Backoff { get; init; } = new(TimeSpan.FromMilliseconds(8), TimeSpan.FromMilliseconds(512));

    /// <summary>
    /// Retry a command whose outcome is unknown (written, then the connection broke) even when it is neither
    /// read-only nor idempotent; it may then run twice. Default false.
    /// </summary>
    public bool RetryUnknownOutcome { get; init; }

    /// <summary>Retry a command that timed out (it used up its own time budget, so by default it is not). Default false.</summary>
    public bool RetryTimeouts { get; init; }

    /// <summary>
    /// Replaces the built-in classification when set: true retries the error. Cancellation and disposal are never
    /// retried whatever it says.
    /// </summary>
    public Func<Exception, bool>? RetryIf { get; init; }

    /// <summary>The random source for jitter; null uses <see cref="System.Random.Shared"/>. A seeded one must not be shared across threads.</summary>
    public Random? Random { get; init; }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based) before the next one.</summary>
    public TimeSpan Delay(int attempt) => Backoff.Delay(attempt, Random ?? System.Random.Shared);

    /// <summary>
    /// Whether <paramref name="error"/> may be retried for a command with <paramref name="flags"/>: errors that prove
    /// the command was not applied (<see cref="NotAppliedErrorPrefixes"/>, max clients, <see cref="CommandOutcome.NotSent"/>)
    /// always; an unknown outcome only for read-only or idempotent commands or with <see cref="RetryUnknownOutcome"/>;
    /// timeouts only with <see cref="RetryTimeouts"/>; other server errors (<c>WRONGTYPE</c>, <c>ERR</c>), cancellation
    /// and disposal never.
    /// </summary>
    public bool IsRetryable(Exception error, CommandFlags flags)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is OperationCanceledException or ObjectDisposedException || error.InnerException is ObjectDisposedException)
        {
            return false;
        }
        if (RetryIf is { } retryIf)
        {
            return retryIf(error);
        }
        var safe = (flags & (CommandFlags.ReadOnly | CommandFlags.Idempotent)) != 0 || RetryUnknownOutcome;
        return error switch
        {
            RedisServerException server => NotAppliedErrorPrefixes.Contains(server.Prefix)
                || server.ServerMessage.StartsWith(MaxClientsError, StringComparison.Ordinal),
            RedisTimeoutException timeout => RetryTimeouts && (timeout.Outcome == CommandOutcome.NotSent || safe),
            RedisException redis => redis.Outcome == CommandOutcome.NotSent || (redis.Outcome == CommandOutcome.Unknown && safe && redis is RedisConnectionException),
            IOException or System.Net.Sockets.SocketException => safe,
            _ => false,
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        ArgumentNullException.ThrowIfNull(Backoff);
        Backoff.Validate();
    }
}
