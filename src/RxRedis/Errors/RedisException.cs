namespace RxRedis;

/// <summary>Base of every error RxRedis raises. Messages never contain passwords or command arguments.</summary>
public class RedisException : Exception
{
    /// <summary>Creates an error with the given message and outcome.</summary>
    public RedisException(string message, CommandOutcome outcome, Exception? innerException = null)
        : base(message, innerException) => Outcome = outcome;

    /// <summary>Whether the failed command was not sent, has an unknown outcome, or was rejected by the server.</summary>
    public CommandOutcome Outcome { get; }
}
