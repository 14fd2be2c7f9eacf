namespace RxRedis;

/// <summary>
/// A command did not complete within its timeout. When it had been sent (<see cref="CommandOutcome.Unknown"/>) its
/// slot stays on the connection and the late reply is read and dropped, so no later command gets it.
/// </summary>
public sealed class RedisTimeoutException : RedisException
{
    /// <summary>Creates a timeout error for the named command.</summary>
    public RedisTimeoutException(string command, TimeSpan timeout, CommandOutcome outcome)
        : this(command, timeout, outcome, evidence: null)
    {
    }

    /// <summary>
    /// A timeout error with what the connection saw when it expired (commands queued and in flight, bytes unread,
    /// thread-pool load), so a report tells a starved pool from a slow server (issue 17).
    /// </summary>
    internal RedisTimeoutException(string command, TimeSpan timeout, CommandOutcome outcome, string? evidence)
        : base($"{command} timed out after {timeout.TotalMilliseconds:0} ms ({(outcome == CommandOutcome.NotSent ? "not sent" : "sent, outcome unknown")}){(evidence is null ? "." : $"; {evidence}.")}", outcome)
    {
        Command = command;
        Timeout = timeout;
    }

    /// <summary>The name of the command that timed out.</summary>
    public string Command { get; }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
