using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Commands;

namespace RxRedis;

// Batches and transactions: https://redis.io/docs/latest/develop/interact/transactions/
public sealed partial class RedisClient
{
    /// <summary>Starts an explicit pipeline on the shared connection (see <see cref="RedisBatch"/>).</summary>
    public RedisBatch CreateBatch() => new(_connection);

    /// <summary>Starts a <c>MULTI</c>/<c>EXEC</c> transaction on the shared connection (see <see cref="RedisTransaction"/>).</summary>
    [RedisCommand("MULTI", "EXEC")]
    public RedisTransaction CreateTransaction() => new(_connection);

    /// <summary>
    /// An optimistic (check-and-set) transaction: on a connection leased from the dedicated pool it sends
    /// <c>WATCH keys</c>, runs <paramref name="body"/> (which reads through this client and queues writes on the
    /// transaction it is given), then <c>EXEC</c>. When a watched key changed meanwhile, the server aborts and the body
    /// runs again, up to <paramref name="maxAttempts"/> times. Yields the number of attempts used.
    /// </summary>
    /// <exception cref="RedisTransactionException">Every attempt was aborted, or EXEC failed with EXECABORT.</exception>
    [RedisCommand("WATCH", "MULTI", "EXEC", "UNWATCH")]
    public IObservable<int> WatchTransaction(RedisKey[] watch, Func<RedisTransaction, Task> body, int maxAttempts = 16)
    {
        var watchArgs = Arguments.Keys(watch, nameof(watch));
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        return Observable.FromAsync(cancellationToken => RunWatchTransactionAsync(watchArgs, body, maxAttempts, cancellationToken));
    }

    private async Task<int> RunWatchTransactionAsync(RedisValue[] watch, Func<RedisTransaction, Task> body, int maxAttempts, CancellationToken cancellationToken)
    {
        var lease = await _dedicated.LeaseAsync(cancellationToken).ConfigureAwait(false);
        // Returned to the pool only when nothing is left on it (no WATCH, nothing in flight); otherwise closed,
        // since a leftover WATCH would abort its next user's transaction.
        var clean = false;
        try
        {
            for (var attempt = 1; attempt <= maxAttempts; attempt++)
            {
                await new RedisCommand<Unit>(lease.Connection, CommandTable.Watch, ReplyDecoders.Ok, watch).ToTask(cancellationToken).ConfigureAwait(false);
                var transaction = new RedisTransaction(lease.Connection);
                await body(transaction).ConfigureAwait(false);
                if (transaction.Count == 0)
                {
                    await new RedisCommand<Unit>(lease.Connection, CommandTable.Unwatch, ReplyDecoders.Ok, []).ToTask(cancellationToken).ConfigureAwait(false);
                    clean = true;
                    return attempt;
                }
                var committed = await transaction.Execute().ToTask(cancellationToken).ConfigureAwait(false);
                clean = true; // EXEC, run or aborted, clears every WATCH
                if (committed)
                {
                    return attempt;
                }
                clean = false;
            }
            clean = true;
            throw new RedisTransactionException($"The transaction was aborted by a WATCHed key change on all {maxAttempts} attempts.", []);
        }
        finally
        {
            if (clean)
            {
                _dedicated.Return(lease);
            }
            else
            {
                _dedicated.Discard(lease);
            }
        }
    }
}
