namespace RxRedis;

/// <summary>
/// A transaction did not run: <c>EXEC</c> answered <c>EXECABORT</c> because a command was rejected while queuing
/// (<see cref="QueuedErrors"/> says which), or an optimistic transaction kept being aborted by <c>WATCH</c>.
/// Nothing of it was applied. In a cluster, when it gave up on a slot that kept moving, the
/// <see cref="Exception.InnerException"/> is the server's <c>MOVED</c>, <c>ASK</c>, <c>TRYAGAIN</c> or <c>CLUSTERDOWN</c>.
/// </summary>
public sealed class RedisTransactionException : RedisException
{
    /// <summary>Creates the error with the server's message and the queuing errors by command position.</summary>
    public RedisTransactionException(string message, IReadOnlyList<string> queuedErrors)
        : base(message, CommandOutcome.Rejected)
    {
        QueuedErrors = queuedErrors;
    }

    /// <summary>Creates the error with the server's message, the queuing errors, and the cluster error that stopped it.</summary>
    public RedisTransactionException(string message, IReadOnlyList<string> queuedErrors, Exception innerException)
        : base(message, CommandOutcome.Rejected, innerException)
    {
        QueuedErrors = queuedErrors;
    }

    /// <summary>One entry per queued command that the server rejected, as <c>#index NAME: error</c>.</summary>
    public IReadOnlyList<string> QueuedErrors { get; }
}
