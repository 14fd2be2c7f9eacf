using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Cluster;
using RxRedis.Commands;
using RxRedis.Routing;

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
    /// watched keys and the queued commands' keys must share one slot, and it runs on that slot's primary; when the
    /// slot has moved (<c>MOVED</c> to <c>WATCH</c>, or behind a transaction the server did not run) it starts again on
    /// the new owner, at most <see cref="ClusterOptions.MaxRedirects"/> times, not counted in <paramref name="maxAttempts"/>.
    /// During a migration of the slot (<c>ASK</c>) it fails; retry it.
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
        DedicatedConnection? lease = await pool.LeaseAsync(cancellationToken).ConfigureAwait(false);
        // Returned to the pool only when nothing is left on it (no WATCH, nothing in flight); otherwise closed,
        // since a leftover WATCH would abort its next user's transaction.
        var clean = false;
        var redirects = 0;
        try
        {
            for (var attempt = 1; attempt <= maxAttempts; attempt++)
            {
                try
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
                catch (RedisException error) when (_cluster is { } cluster && redirects < cluster.Options.Cluster.MaxRedirects && MovedAway(error, out var redirect))
                {
                    // The slot moved: WATCH was refused, or EXEC discarded the transaction with its WATCHes, so
                    // nothing ran and nothing is watched. Again on the new owner, not counted as an attempt.
                    redirects++;
                    attempt--;
                    var endPoint = cluster.Resolve(redirect);
                    cluster.OnRedirect(redirect, endPoint);
                    pool.Return(lease);
                    lease = null;
                    pool = cluster.PoolAt(endPoint);
                    lease = await pool.LeaseAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            clean = true;
            throw new RedisTransactionException($"The transaction was aborted by a WATCHed key change on all {maxAttempts} attempts.", []);
        }
        finally
        {
            // No lease: the wait for the new owner's failed, after the old one went back.
            if (lease is not null && clean)
            {
                pool.Return(lease);
            }
            else if (lease is not null)
            {
                pool.Discard(lease);
            }
        }
    }

    // MOVED answered to WATCH, or behind a transaction the server did not run (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#moved-redirection).
    private static bool MovedAway(RedisException error, out Redirect redirect) =>
        Redirect.TryParse(error is RedisTransactionException { InnerException: { } cause } ? cause : error, out redirect) && !redirect.IsAsk;
}
