using System.Buffers;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using RxRedis.Cluster;
using RxRedis.Connection;
using RxRedis.Commands;
using RxRedis.Routing;
using RxRedis.Protocol;

namespace RxRedis;

/// <summary>
/// A <c>MULTI</c> ... <c>EXEC</c> transaction (https://redis.io/docs/latest/develop/interact/transactions/):
/// <c>MULTI</c>, the queued commands and <c>EXEC</c> are written as one contiguous block, so on the shared
/// connection no other caller's command can land inside it. Each queued command returns its own typed result.
/// A command rejected while queuing makes <c>EXEC</c> fail with <c>EXECABORT</c>, surfaced as
/// <see cref="RedisTransactionException"/>; a command that fails while running (e.g. <c>WRONGTYPE</c>) fails only
/// its own result. In a cluster every key of the transaction must hash to one slot (a node runs a transaction
/// only on keys of one slot), and it runs on that slot's primary. Single use; not thread-safe while building.
/// </summary>
public sealed class RedisTransaction
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
    public IObservable<bool> Execute() => Observable.Create<bool>(observer =>
    {
        var entry = new TransactionEntry(_items.Seal());
        entry.Start(_router.Route(_slot, CommandFlags.None), observer);
        return Disposable.Create(entry.Cancel);
    });

    private sealed class TransactionEntry(IReadOnlyList<BlockItem> items) : CommandBlock(items)
    {
        private List<string>? _queuedErrors;

        public override string Name => $"MULTI/EXEC of {Items.Count}";

        public override int ReplyCount => Items.Count + 2;

        public override void Write(IBufferWriter<byte> output)
        {
            WriteCommand(output, CommandTable.Multi);
            foreach (var item in Items)
            {
                item.Write(output);
            }
            WriteCommand(output, CommandTable.Exec);
        }

        protected override void HandleReply(in RespValue reply, int index)
        {
            if (index <= Items.Count)
            {
                // MULTI's OK, then QUEUED or a queuing error per command.
                if (reply.IsError)
                {
                    (_queuedErrors ??= []).Add(index == 0 ? $"MULTI: {reply.AsString()}" : $"#{index - 1} {Items[index - 1].Name}: {reply.AsString()}");
                }
                return;
            }
            OnExec(reply);
            Complete();
        }

        private void OnExec(in RespValue reply)
        {
            if (reply.IsError)
            {
                string[] errors = _queuedErrors is null ? [] : [.. _queuedErrors];
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
