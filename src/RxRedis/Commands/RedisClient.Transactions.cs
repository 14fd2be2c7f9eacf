using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Cluster;
using RxRedis.Commands;

namespace RxRedis;

// Batches and transactions: https://redis.io/docs/latest/develop/interact/transactions/
public sealed partial class RedisClient
{
    /// <summary>
    /// Starts an explicit pipeline on the shared connection (see <see cref="RedisBatch"/>); in a cluster, one block
    /// per node that owns some of its commands' keys.
    /// </summary>
    public RedisBatch CreateBatch() => new(_router);

    /// <summary>
    /// Starts a <c>MULTI</c>/<c>EXEC</c> transaction on the shared connection (see <see cref="RedisTransaction"/>); in
    /// a cluster, its keys must share one slot and it runs on that slot's primary.
    /// </summary>
    [RedisCommand("MULTI", "EXEC")]
    public RedisTransaction CreateTransaction() => new(_router);

    /// <summary>
    /// An optimistic (check-and-set) transaction: on a connection leased from the dedicated pool it sends
    /// <c>WATCH keys</c>, runs <paramref name="body"/> (which reads through this client and queues writes on the
    /// transaction it is given), then <c>EXEC</c>. When a watched key changed meanwhile, the server aborts and the body
    /// runs again, up to <paramref name="maxAttempts"/> times. Yields the number of attempts used. In a cluster the
    /// watched keys and the queued commands' keys must share one slot, and it runs on that slot's primary.
    /// </summary>
    /// <exception cref="ArgumentException">In a cluster, the watched keys hash to different slots.</exception>
    /// <exception cref="RedisTransactionException">Every attempt was aborted, or EXEC failed with EXECABORT.</exception>
    [RedisCommand("WATCH", "MULTI", "EXEC", "UNWATCH")]
    public IObservable<int> WatchTransaction(RedisKey[] watch, Func<RedisTransaction, Task> body, int maxAttempts = 16)
    {
        var watchArgs = Arguments.Keys(watch, nameof(watch));
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        var slot = _cluster is null ? CommandSlot.None : CommandSlot.Of(CommandTable.Watch, watchArgs);
        return Observable.FromAsync(cancellationToken => RunWatchTransactionAsync(watchArgs, slot, body, maxAttempts, cancellationToken));
    }

    private async Task<int> RunWatchTransactionAsync(RedisValue[] watch, int slot, Func<RedisTransaction, Task> body, int maxAttempts, CancellationToken cancellationToken)
    {
        var pool = _dedicated.PoolFor(slot);
        var lease = await pool.LeaseAsync(cancellationToken).ConfigureAwait(false);
        // Returned to the pool only when nothing is left on it (no WATCH, nothing in flight); otherwise closed,
        // since a leftover WATCH would abort its next user's transaction.
        var clean = false;
        try
        {
            for (var attempt = 1; attempt <= maxAttempts; attempt++)
            {
                await new RedisCommand<Unit>(lease.Connection, CommandTable.Watch, ReplyDecoders.Ok, watch).ToTask(cancellationToken).ConfigureAwait(false);
                var transaction = new RedisTransaction(lease.Connection, slot);
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
                pool.Return(lease);
            }
            else
            {
                pool.Discard(lease);
            }
        }
    }
}
