using System.Buffers;
using System.Reactive;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using RxRedis.Cluster;
using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Routing;

namespace RxRedis;

/// <summary>
/// An explicit pipeline: commands added with <see cref="Add{T}"/> are written together as one contiguous block in
/// one flush when <see cref="Execute"/> is subscribed, and each returns its own typed result. Unlike a transaction
/// nothing is atomic: each command succeeds or fails on its own. In a cluster the commands are grouped by the
/// node that owns their keys' slot when the batch is executed, and each node gets its group as one contiguous block
/// (in the order they were added). A command answered <c>MOVED</c> or <c>ASK</c> (its slot moved or is moving) is
/// sent again, with the others redirected to the same node, as a block to the node named (behind <c>ASKING</c> for
/// <c>ASK</c>), at most <see cref="ClusterOptions.MaxRedirects"/> times; the batch completes when those have.
/// Single use; not thread-safe while building.
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
    public IObservable<Unit> Execute() => _router.Options.Callbacks.PerSubscriber(CommandHooks.ProcessPipeline(_router.Hooks, _items.Infos, Run()), "batch");

    private IObservable<Unit> Run() => Observable.Create<bool>(observer =>
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
        var blocks = items.GroupBy(i => _router.Route(i.Slot, i.Flags)).Select(node => Block(node.Key, [.. node], asking: false, redirects: 0));
        return AllThenFirstFailure(blocks).Subscribe(observer);
    }).Select(static _ => Unit.Default);

    // Every block runs to its end (one node failing does not abandon the others' results); then the first failure,
    // if any, fails the whole.
    private static IObservable<bool> AllThenFirstFailure(IEnumerable<IObservable<bool>> blocks) =>
        blocks.Select(static b => b.Materialize().Where(static n => n.Kind == NotificationKind.OnError)).Merge().ToList()
            .Select(static failures => failures.Count == 0 ? true : throw failures[0].Exception!);

    // One node's block in a cluster; the items it answered MOVED/ASK go on as blocks to the nodes named, and the
    // block ends when those have (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#redirection-and-resharding).
    private IObservable<bool> Block(RedisConnection node, IReadOnlyList<BlockItem> items, bool asking, int redirects) => Observable.Create<bool>(observer =>
    {
        var cluster = (ClusterRouter)_router;
        var entry = new BatchEntry(items, asking, followRedirects: redirects < cluster.Options.Cluster.MaxRedirects);
        var current = new SerialDisposable { Disposable = Disposable.Create(entry.Cancel) };
        entry.Start(node, Observer.Create<bool>(static _ => { }, observer.OnError, () =>
        {
            if (entry.Redirected is not { } redirected)
            {
                observer.OnNext(true);
                observer.OnCompleted();
                return;
            }
            current.Disposable = AllThenFirstFailure(redirected.GroupBy(r => (EndPoint: cluster.Resolve(r.Redirect), r.Redirect.IsAsk)).Select(group =>
            {
                foreach (var (_, redirect) in group)
                {
                    cluster.OnRedirect(redirect, group.Key.EndPoint); // counts it; MOVED also patches the item's slot
                }
                return Block(cluster.Node(group.Key.EndPoint), [.. group.Select(r => r.Item)], group.Key.IsAsk, redirects + 1);
            })).Subscribe(observer);
        }));
        return current;
    });

    /// <summary>A block of batch items; with <c>asking</c>, each item goes behind <c>ASKING</c> (the node named by an <c>ASK</c>).</summary>
    private sealed class BatchEntry(IReadOnlyList<BlockItem> items, bool asking = false, bool followRedirects = false) : CommandBlock(items)
    {
        private bool[]? _sentOn; // by item index

        /// <summary>The items answered <c>MOVED</c>/<c>ASK</c>, with the redirect, once the block completed; null when none.</summary>
        public List<(BlockItem Item, Redirect Redirect)>? Redirected { get; private set; }

        public override string Name => $"batch of {Items.Count}";

        public override int ReplyCount => asking ? Items.Count * 2 : Items.Count;

        public override void Write(IBufferWriter<byte> output)
        {
            foreach (var item in Items)
            {
                if (asking)
                {
                    output.Write(Redirect.AskingFrame);
                }
                item.Write(output);
            }
        }

        protected override void HandleReply(in RespValue reply, int index)
        {
            if (asking && index % 2 == 0)
            {
                return; // ASKING's +OK; were it refused, the command's own reply says why
            }
            var at = asking ? index / 2 : index;
            var item = Items[at];
            if (followRedirects && reply.IsError && Redirect.TryParse(ReplyDecoding.ServerError(reply, item.Name), out var redirect))
            {
                (Redirected ??= []).Add((item, redirect));
                (_sentOn ??= new bool[Items.Count])[at] = true;
            }
            else
            {
                item.SetReply(reply);
            }
            if (index == ReplyCount - 1)
            {
                Complete();
            }
        }

        // Items sent on to another node get their result from that node's block, unless this block failed as a
        // whole (then they were failed with it and nothing is sent on).
        protected override void DeliverItems()
        {
            for (var i = 0; i < Items.Count; i++)
            {
                if (Error is not null || _sentOn?[i] != true)
                {
                    Items[i].Deliver();
                }
            }
        }
    }
}
