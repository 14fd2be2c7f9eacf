using System.Reactive;
using RxRedis.Cluster;
using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Resilience;

namespace RxRedis;

public sealed partial class RedisTransaction
{
    /// <summary>
    /// A transaction's attempts in a cluster, ordered with the slot's other writes as a single command's are (issue 18;
    /// sending the next attempt from the pool after a timer let 30 writes of one key land after newer ones in 8 of 20
    /// rounds of ClusterRedirectOrderTests). Each attempt reads the slot's owner and queues there inside the slot's
    /// route fence, or waits in the resend lane while the slot has older commands there. An attempt the server did not
    /// apply goes on from the reader, keeping the transaction's issue number: after <c>MOVED</c> to the node named
    /// (holding the slot's newer commands, see <see cref="ClusterRouter.OnRedirect"/>), after <c>ASK</c> behind
    /// <c>ASKING</c>, after <c>TRYAGAIN</c>/<c>CLUSTERDOWN</c> through the lane after the policy's backoff, within
    /// <see cref="ClusterOptions.RetryWhileReconfiguring"/>.
    /// </summary>
    private sealed class ClusterRun(ClusterRouter cluster, int slot, IReadOnlyList<BlockItem> items, IObserver<bool> observer) : IDisposable
    {
        private readonly DateTimeOffset? _until = cluster.Options.Cluster.RetryWhileReconfiguring is var window && window > TimeSpan.Zero
            ? cluster.Options.Scheduler.Now + window
            : null;
        private long _issued;
        private int _redirects;
        private int _attempt = 1;
        private TransactionEntry? _current;

        public void Start()
        {
            _issued = cluster.Resends.Issue();
            Send(NewEntry(asking: false), to: null, isNew: true);
        }

        private TransactionEntry NewEntry(bool asking) =>
            new(items, asking, resendable: true) { Issued = _issued, Slot = slot, NotAppliedHandler = OnNotApplied };

        // The attempt now under way tells the transaction's observer how it ended (unless the next attempt goes on).
        private void Begin(TransactionEntry entry)
        {
            Volatile.Write(ref _current, entry);
            entry.Observe(Observer.Create<bool>(
                observer.OnNext,
                error => observer.OnError(entry.NotApplied is null ? error : entry.FailNotApplied()),
                observer.OnCompleted));
        }

        private void Send(TransactionEntry entry, Redirect? to, bool isNew)
        {
            Begin(entry);
            var endPoint = to is { } redirect ? cluster.Resolve(redirect) : null;
            var fence = cluster.Fence;
            var entered = fence.Enter(slot);
            try
            {
                if (to is not { IsAsk: true } && cluster.Resends.Holds(slot)
                    && cluster.Resends.Add(entry, entry, error: null, _attempt, _until, atOnce: true, isNew, movedTo: endPoint))
                {
                    return; // older commands of the slot wait in the lane: this attempt goes after them
                }
                (endPoint is { } target ? cluster.Node(target) : cluster.Route(slot, CommandFlags.None)).Enqueue(entry, defaultTimeout: true);
            }
            finally
            {
                fence.Exit(entered);
            }
        }

        // On the reader: the server did not apply `entry` for a reason of the slot's. True when the next attempt went.
        private bool OnNotApplied(TransactionEntry entry, RedisServerException cause)
        {
            var options = cluster.Options;
            if (Redirect.TryParse(cause, out var redirect))
            {
                if (_redirects++ >= options.Cluster.MaxRedirects)
                {
                    return false;
                }
                cluster.OnRedirect(redirect, cluster.Resolve(redirect), entry.Connection); // counts it; MOVED holds the slot
                Send(NewEntry(redirect.IsAsk), redirect, isNew: false);
                return true;
            }
            if (!RetryWithBackoffExtensions.CanRetry(options.RetryPolicy, CommandFlags.None, _attempt, cause, options.Scheduler, _until))
            {
                return false;
            }
            cluster.RequestRefresh();
            var next = NewEntry(asking: false);
            Begin(next);
            _redirects = 0;
            // False when the client is closing: this attempt then ends the transaction with its cause.
            return cluster.Resends.Add(next, next, cause, _attempt++, _until, atOnce: false);
        }

        public void Dispose() => Volatile.Read(ref _current)?.Cancel();
    }
}
