using RxRedis.Commands;
using RxRedis.Transport;

namespace RxRedis.Resilience;

/// <summary>
/// An interceptor around the client's paths, like go-redis hooks. Each method receives what is about to run and the
/// observable that runs it (<c>inner</c>, the rest of the chain), and returns the observable to use
/// instead: wrap it (logging, metrics, tracing), replace it (short-circuit with a cached value or an error), or pass
/// it through. Hooks in <see cref="RedisOptions.Hooks"/> run in order, the first outermost. Retries happen inside
/// one <see cref="Process{T}"/> call, so a hook sees one subscription per command call, whatever the attempts.
/// Every method defaults to passing <c>inner</c> through, so a hook implements only what it needs.
/// </summary>
public interface IRedisHook
{
    /// <summary>Wraps opening a socket (every connect and reconnect, before the handshake).</summary>
    /// <param name="endPoint">The server being dialled (with <see cref="RedisOptions.Sentinel"/>, each sentinel asked and the node it named).</param>
    /// <param name="inner">Dials and emits the connected pipe.</param>
    IObservable<IRedisDuplexPipe> Dial(RedisEndPoint endPoint, IObservable<IRedisDuplexPipe> inner) => inner;

    /// <summary>Wraps one command, retries included.</summary>
    /// <param name="command">The command's table row (name and flags; never its arguments).</param>
    /// <param name="inner">Runs the command and emits its reply.</param>
    IObservable<T> Process<T>(CommandInfo command, IObservable<T> inner) => inner;

    /// <summary>Wraps a batch of commands written together (<see cref="RedisClient.Pipeline{T}"/>).</summary>
    /// <param name="commands">The commands' table rows, in order.</param>
    /// <param name="inner">Runs the batch and emits the replies in order.</param>
    IObservable<T> ProcessPipeline<T>(IReadOnlyList<CommandInfo> commands, IObservable<T> inner) => inner;

    /// <summary>
    /// Told, inside a <see cref="Process{T}"/> or <see cref="ProcessPipeline{T}"/> call, that a command's attempt
    /// failed with a retryable error and will be sent again after <paramref name="delay"/>. For observing only
    /// (logs, counters); it runs on the thread that delivered the failure, so keep it short and never throw.
    /// </summary>
    /// <param name="command">The command's table row.</param>
    /// <param name="attempt">The attempt that failed (1 for the first send).</param>
    /// <param name="failure">Why it failed.</param>
    /// <param name="delay">The wait before the next attempt.</param>
    void OnRetry(CommandInfo command, int attempt, Exception failure, TimeSpan delay)
    {
    }
}
