namespace RxRedis;

/// <summary>
/// The connection failed or broke. <see cref="RedisException.Outcome"/> says whether the command had been sent
/// (<see cref="CommandOutcome.Unknown"/>: it may have run) or not (<see cref="CommandOutcome.NotSent"/>).
/// </summary>
public class RedisConnectionException : RedisException
{
    /// <summary>Creates a connection error.</summary>
    public RedisConnectionException(string message, CommandOutcome outcome, Exception? innerException = null)
        : base(message, outcome, innerException)
    {
    }
}
