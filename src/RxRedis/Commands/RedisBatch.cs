using System.Buffers;
using System.Reactive;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using RxRedis.Connection;
using RxRedis.Commands;
using RxRedis.Routing;
using RxRedis.Protocol;

namespace RxRedis;

/// <summary>
/// An explicit pipeline: commands added with <see cref="Add{T}"/> are written together as one contiguous block in
/// one flush when <see cref="Execute"/> is subscribed, and each returns its own typed result. Unlike a transaction
/// nothing is atomic: each command succeeds or fails on its own. In a cluster the commands are grouped by the
/// node that owns their keys' slot when the batch is executed, and each node gets its group as one contiguous block
/// (in the order they were added); a command is not redirected if its slot moved meanwhile, it fails with
/// <c>MOVED</c>. Single use; not thread-safe while building.
/// </summary>
/// <example>
/// <code>
/// var batch = client.CreateBatch();
/// var a = batch.Add(client.Incr("counter"));
/// var b = batch.Add(client.Get("name"));
/// await batch.Execute();
/// Console.WriteLine($"{await a} {await b}");
/// </code>
/// </example>
public sealed class RedisBatch
{
    private readonly ICommandRouter _router;
    private readonly BlockItemList _items = new("batch");

    internal RedisBatch(ICommandRouter router) => _router = router;

    /// <summary>How many commands were added.</summary>
    public int Count => _items.Count;

    /// <summary>
    /// Queues a command made by one of the client's typed methods (it is not sent on its own). The returned
    /// observable yields its result once the batch ran, and replays it to later subscribers.
    /// </summary>
    /// <exception cref="ArgumentException">The observable is not a plain command of this client (e.g. a blocking command).</exception>
    /// <exception cref="InvalidOperationException">The batch was already executed.</exception>
    public IObservable<T> Add<T>(IObservable<T> command)
    {
        return _items.Add(command, nameof(command));
    }

    /// <summary>
    /// Sends every queued command in one write (in a cluster, one per node); completes (with <see cref="Unit"/>)
    /// when all replies are in. A block that fails as a whole (its connection broke) fails it, after the other nodes' blocks ended.
    /// </summary>
    /// <exception cref="InvalidOperationException">Subscribed twice, or the batch is empty.</exception>
    public IObservable<Unit> Execute() => Observable.Create<bool>(observer =>
    {
        if (_items.Count == 0)
        {
            throw new InvalidOperationException("The batch is empty.");
        }
        var items = _items.Seal();
        if (_router is RedisConnection connection)
        {
            var entry = new BatchEntry(items);
            entry.Start(connection, observer);
            return Disposable.Create(entry.Cancel);
        }
        var blocks = items.GroupBy(i => _router.Route(i.Slot, i.Flags)).Select(node => Observable.Create<bool>(o =>
        {
            var entry = new BatchEntry([.. node]);
            entry.Start(node.Key, o);
            return Disposable.Create(entry.Cancel);
        }));
        // Every node's block runs to its end (one node failing does not abandon the others' results); then the
        // first failure, if any, fails the batch.
        return blocks.Select(static b => b.Materialize().Where(static n => n.Kind == NotificationKind.OnError)).Merge().ToList()
            .Select(static failures => failures.Count == 0 ? true : throw failures[0].Exception!)
            .Subscribe(observer);
    }).Select(static _ => Unit.Default);

    private sealed class BatchEntry(IReadOnlyList<BlockItem> items) : CommandBlock(items)
    {
        public override string Name => $"batch of {Items.Count}";

        public override int ReplyCount => Items.Count;

        public override void Write(IBufferWriter<byte> output)
        {
            foreach (var item in Items)
            {
                item.Write(output);
            }
        }

        protected override void HandleReply(in RespValue reply, int index)
        {
            Items[index].SetReply(reply);
            if (index == Items.Count - 1)
            {
                Complete();
            }
        }
    }
}
