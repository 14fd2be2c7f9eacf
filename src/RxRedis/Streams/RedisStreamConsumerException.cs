namespace RxRedis;

/// <summary>
/// A stream consumer or tail stopped because of an error it does not retry, e.g. the consumer group does not exist
/// (<c>NOGROUP</c>) or the key is not a stream (<c>WRONGTYPE</c>), or because its reads kept failing for longer than
/// its <c>GiveUpAfter</c>. <see cref="Exception.InnerException"/> is the cause.
/// </summary>
public sealed class RedisStreamConsumerException : RedisException
{
    /// <summary>Creates the error with a message that says what to do and the error that caused it.</summary>
    public RedisStreamConsumerException(string message, Exception innerException)
        : base(message, (innerException as RedisException)?.Outcome ?? CommandOutcome.Unknown, innerException)
    {
    }
}
