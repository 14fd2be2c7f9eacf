using System.Buffers;
using System.Reactive;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using RxRedis.Cluster;
using RxRedis.Connection;
using RxRedis.Commands;
using RxRedis.Routing;
using RxRedis.Protocol;
using RxRedis.Resilience;

namespace RxRedis;

/// <summary>
/// A <c>MULTI</c> ... <c>EXEC</c> transaction (https://redis.io/docs/latest/develop/interact/transactions/):
/// <c>MULTI</c>, the queued commands and <c>EXEC</c> are written as one contiguous block, so on the shared
/// connection no other caller's command can land inside it. Each queued command returns its own typed result.
/// A command rejected while queuing makes <c>EXEC</c> fail with <c>EXECABORT</c>, surfaced as
/// <see cref="RedisTransactionException"/>; a command that fails while running (e.g. <c>WRONGTYPE</c>) fails only
/// its own result. In a cluster every key of the transaction must hash to one slot (a node runs a transaction
/// only on keys of one slot), and it runs on that slot's primary. When the server did not apply it because the slot
/// moved (the queued commands answer <c>MOVED</c>, <c>EXEC</c> answers <c>EXECABORT</c>), the whole transaction is
/// sent again to the new owner; after <c>ASK</c> (the slot is migrating and its keys are there), as
/// <c>ASKING</c> + <c>MULTI</c> ... <c>EXEC</c> to the importing node (within <c>MULTI</c> the <c>ASKING</c> flag
/// lasts until <c>EXEC</c>); at most <see cref="ClusterOptions.MaxRedirects"/> redirects in a row. <c>TRYAGAIN</c>
/// (keys split by a migration) and <c>CLUSTERDOWN</c> are retried with the policy's backoff within
/// <see cref="ClusterOptions.RetryWhileReconfiguring"/>. Single use; not thread-safe while building.
/// </summary>
public sealed partial class RedisTransaction
{
    private readonly ICommandRouter _router;
    private readonly BlockItemList _items = new("transaction");
    private int _slot;

    /// <param name="router">Where it runs: one server's connection, a WATCH lease, or the cluster (the slot's primary).</param>
    /// <param name="slot">The slot its keys must hash to (a WATCH transaction's), or none yet.</param>
    internal RedisTransaction(ICommandRouter router, int slot = CommandSlot.None)
    {
        _router = router;
        _slot = slot;
    }

    /// <summary>How many commands were queued.</summary>
    public int Count => _items.Count;

    /// <summary>
    /// Queues a command made by one of the client's typed methods. The returned observable yields its result
    /// after <c>EXEC</c>, fails with the transaction's error if it did not run, and replays to later subscribers.
    /// </summary>
    /// <exception cref="ArgumentException">The observable is not a plain command of this client, or (in a cluster) its keys hash to another slot than the transaction's.</exception>
    /// <exception cref="InvalidOperationException">The transaction was already executed.</exception>
    public IObservable<T> Add<T>(IObservable<T> command)
    {
        if (command is RedisCommand<T> { Slot: not CommandSlot.None and var slot } typed)
        {
            if (_slot != CommandSlot.None && slot != _slot)
            {
                throw new ArgumentException(
                    $"{typed.Info.Name} uses keys of cluster slot {slot}, but the transaction's keys are in slot {_slot}; a cluster runs a transaction only on keys of one slot. " +
                    "Give the keys a common hash tag, e.g. {user:1}:name and {user:1}:email.", nameof(command));
            }
            _slot = slot;
        }
        return _items.Add(command, nameof(command));
    }

    /// <summary>
    /// Sends <c>MULTI</c>, the commands and <c>EXEC</c> in one write. Yields true when the transaction ran, false when
    /// a <c>WATCH</c>ed key changed and the server aborted it (then every result fails as aborted).
    /// </summary>
    /// <exception cref="InvalidOperationException">Subscribed twice.</exception>
    public IObservable<bool> Execute() => _router.Options.Callbacks.PerSubscriber(CommandHooks.ProcessPipeline(_router.Hooks, () => [CommandTable.Multi, .. _items.Infos(), CommandTable.Exec], Start()), "MULTI");

    private IObservable<bool> Start() => Observable.Create<bool>(observer =>
    {
        var items = _items.Seal();
        if (_slot == CommandSlot.None)
        {
            // One server, or no keys: one attempt, nothing a moving slot could explain.
            var entry = new TransactionEntry(items);
            entry.Start(_router.Route(_slot, CommandFlags.None), observer);
            return Disposable.Create(entry.Cancel);
        }
        if (_router is ClusterRouter cluster)
        {
            var run = new ClusterRun(cluster, _slot, items, observer);
            run.Start();
            return run;
        }
        // A WATCH lease's connection: one attempt; WatchTransaction follows MOVED itself.
        var leased = new TransactionEntry(items, resendable: true);
        leased.Start(_router.Route(_slot, CommandFlags.None), Observer.Create<bool>(
            observer.OnNext, error => observer.OnError(leased.NotApplied is null ? error : leased.FailNotApplied()), observer.OnCompleted));
        return Disposable.Create(leased.Cancel);
    });

    /// <param name="items">The queued commands.</param>
    /// <param name="asking">Sent to the node an <c>ASK</c> named: <c>ASKING</c> goes first.</param>
    /// <param name="resendable">In a cluster: an attempt a moving slot kept from running leaves its items open.</param>
    private sealed class TransactionEntry(IReadOnlyList<BlockItem> items, bool asking = false, bool resendable = false) : CommandBlock(items), IClusterResend
    {
        private List<string>? _queuedErrors;
        private RedisServerException? _queuedClusterError;

        /// <summary>
        /// Why the server did not run this attempt when a moving or reconfiguring slot explains it (a <c>MOVED</c>,
        /// <c>ASK</c>, <c>TRYAGAIN</c> or <c>CLUSTERDOWN</c> of <c>EXEC</c> or of a queued command); then the items
        /// are still open. Null otherwise.
        /// </summary>
        public RedisServerException? NotApplied { get; private set; }

        public override string Name => $"MULTI/EXEC of {Items.Count}";

        public override int ReplyCount => Items.Count + (asking ? 3 : 2);

        public override void Write(IBufferWriter<byte> output)
        {
            if (asking)
            {
                output.Write(Redirect.AskingFrame);
            }
            WriteCommand(output, CommandTable.Multi);
            foreach (var item in Items)
            {
                item.Write(output);
            }
            WriteCommand(output, CommandTable.Exec);
        }

        // https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#redirection-and-resharding
        private static bool ExplainedBySlot(RedisServerException error) =>
            error.Prefix is "MOVED" or "ASK" || ClusterReconfiguration.Explains(error);

        /// <summary>Fails every item with why the transaction did not run, and returns that error.</summary>
        public RedisTransactionException FailNotApplied()
        {
            var error = new RedisTransactionException($"The transaction did not run: {NotApplied!.Message}", QueuedErrors(), NotApplied);
            foreach (var item in Items)
            {
                item.SetError(error);
                item.Deliver();
            }
            return error;
        }

        protected override void DeliverItems()
        {
            if (NotApplied is null)
            {
                base.DeliverItems();
            }
        }

        private string[] QueuedErrors() => _queuedErrors is null ? [] : [.. _queuedErrors];

        protected override void HandleReply(in RespValue reply, int index)
        {
            if (asking && index-- == 0)
            {
                return; // ASKING's +OK; were it refused, MULTI's or the commands' replies say why
            }
            if (index <= Items.Count)
            {
                // MULTI's OK, then QUEUED or a queuing error per command.
                if (reply.IsError)
                {
                    (_queuedErrors ??= []).Add(index == 0 ? $"MULTI: {reply.AsString()}" : $"#{index - 1} {Items[index - 1].Name}: {reply.AsString()}");
                    if (resendable && _queuedClusterError is null && ReplyDecoding.ServerError(reply, Name) is var error && ExplainedBySlot(error))
                    {
                        _queuedClusterError = error;
                    }
                }
                return;
            }
            OnExec(reply);
            if (NotApplied is { } cause && NotAppliedHandler?.Invoke(this, cause) == true)
            {
                _ = TryFinish(); // the next attempt carries the items and the observer on
                return;
            }
            Complete();
        }

        /// <summary>
        /// In a cluster, called on the reader when the server did not apply this attempt; true when it started the
        /// next one (see <see cref="ClusterRun"/>), which then ends the transaction instead of this attempt.
        /// </summary>
        public Func<TransactionEntry, RedisServerException, bool>? NotAppliedHandler { get; init; }

        /// <summary>The cluster's issue number of the transaction (each attempt keeps it).</summary>
        public long Issued { get; init; }

        /// <summary>The transaction's slot.</summary>
        public int Slot { get; init; }

        CommandFlags IClusterResend.Flags => CommandFlags.None;

        bool IClusterResend.DefaultTimeout => true;

        // The lane gave up on an attempt it held back (its refusal outlasted the policy): the transaction did not run.
        void IClusterResend.GiveUp(Exception error)
        {
            if (error is RedisServerException refusal)
            {
                NotApplied = refusal;
                Error = refusal;
                Complete();
                return;
            }
            OnFailure(error);
        }

        private void OnExec(in RespValue reply)
        {
            if (reply.IsError)
            {
                // Nothing ran: EXEC itself was redirected (its keys' slot is elsewhere), or it aborted over a queued
                // command's redirect (https://redis.io/docs/latest/develop/interact/transactions/#errors-inside-a-transaction).
                var exec = ReplyDecoding.ServerError(reply, Name);
                if (resendable && (ExplainedBySlot(exec) ? exec : exec.Prefix == "EXECABORT" ? _queuedClusterError : null) is { } cause)
                {
                    NotApplied = cause;
                    Error = cause;
                    return;
                }
                var errors = QueuedErrors();
                Fail(new RedisTransactionException(
                    $"The transaction did not run: {reply.AsString()}{(errors.Length > 0 ? " (" + string.Join("; ", errors) + ")" : "")}", errors));
                return;
            }
            if (reply.IsNull)
            {
                Outcome = false;
                foreach (var item in Items)
                {
                    item.SetError(new RedisTransactionException("The transaction was aborted because a WATCHed key changed; nothing was applied.", []));
                }
                return;
            }
            var results = reply.Items;
            if (results.Length != Items.Count)
            {
                Fail(new RedisException($"EXEC returned {results.Length} results for {Items.Count} commands.", CommandOutcome.Unknown));
                return;
            }
            for (var i = 0; i < results.Length; i++)
            {
                Items[i].SetReply(results[i]);
            }
        }

        private void Fail(Exception error)
        {
            Error = error;
            foreach (var item in Items)
            {
                item.SetError(error);
            }
        }
    }
}
