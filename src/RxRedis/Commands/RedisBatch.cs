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
/// (in the order they were added). A command answered <c>MOVED</c> or <c>ASK</c> (its slot moved or is moving) goes
/// on at once as a single command to the node named (behind <c>ASKING</c> for <c>ASK</c>), at most
/// <see cref="ClusterOptions.MaxRedirects"/> times, and a command whose slot has older commands waiting to be sent
/// again is sent alone behind them, so writes to one key keep their order (issue 18); the batch completes when all
/// have their results.
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
        return InCluster((ClusterRouter)_router, items).Subscribe(observer);
    }).Select(static _ => Unit.Default);

    // Each node gets its items as one block, read and queued inside their slots' route fences as single commands are
    // (see SlotRouteFence); an item whose slot has older commands waiting in the resend lane goes alone, behind them.
    // Items take consecutive issue numbers, which their redirects keep (issue 18).
    private static IObservable<bool> InCluster(ClusterRouter cluster, IReadOnlyList<BlockItem> items) => Observable.Create<bool>(observer =>
    {
        var first = cluster.Resends.Issue(items.Count);
        var fence = cluster.Fence;
        var entered = new List<int>(items.Count);
        try
        {
            var blocks = new Dictionary<RedisConnection, (List<BlockItem> Items, List<long> Issued)>();
            var alone = new List<BlockItem>();
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                entered.Add(fence.Enter(item.Slot));
                if (cluster.Resends.Holds(item.Slot))
                {
                    alone.Add(item);
                    continue;
                }
                var node = cluster.Route(item.Slot, item.Flags);
                if (!blocks.TryGetValue(node, out var block))
                {
                    blocks[node] = block = ([], []);
                }
                block.Items.Add(item);
                block.Issued.Add(first + i);
            }
            var all = blocks.Select(b => Block(cluster, b.Key, b.Value.Items, b.Value.Issued))
                .Concat(alone.Select(static item => item.SendAlone().Select(static _ => true)));
            return AllThenFirstFailure(all.ToList()).Subscribe(observer);
        }
        finally
        {
            foreach (var counter in entered)
            {
                fence.Exit(counter);
            }
        }
    });

    // Every block runs to its end (one node failing does not abandon the others' results); then the first failure,
    // if any, fails the whole.
    private static IObservable<bool> AllThenFirstFailure(IEnumerable<IObservable<bool>> blocks) =>
        blocks.Select(static b => b.Materialize().Where(static n => n.Kind == NotificationKind.OnError)).Merge().ToList()
            .Select(static failures => failures.Count == 0 ? true : throw failures[0].Exception!);

    // One node's block in a cluster. Its items answered MOVED/ASK go on at once, on the reader, as single commands
    // that keep their issue numbers (so one node's redirected items go on in the order it answered them, and a MOVED
    // holds the slot's newer commands; see CommandSubscription.TryFollowRedirect), and the block ends when those have
    // (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#redirection-and-resharding).
    private static IObservable<bool> Block(ClusterRouter cluster, RedisConnection node, IReadOnlyList<BlockItem> items, IReadOnlyList<long> issued) => Observable.Create<bool>(observer =>
    {
        var entry = new BatchEntry(items, issued);
        var current = new SerialDisposable { Disposable = Disposable.Create(entry.Cancel) };
        entry.Start(node, Observer.Create<bool>(static _ => { }, observer.OnError, () =>
        {
            if (entry.SentOn is not { } sentOn)
            {
                observer.OnNext(true);
                observer.OnCompleted();
                return;
            }
            current.Disposable = sentOn.Merge().Subscribe(static _ => { }, () =>
            {
                observer.OnNext(true);
                observer.OnCompleted();
            });
        }));
        return current;
    });

    /// <summary>
    /// A block of batch items. In a cluster (<paramref name="issued"/>, each item's issue number) an item answered
    /// <c>MOVED</c>/<c>ASK</c> is followed as a single command while the redirect budget lasts.
    /// </summary>
    private sealed class BatchEntry(IReadOnlyList<BlockItem> items, IReadOnlyList<long>? issued = null) : CommandBlock(items)
    {
        private bool[]? _sentOn; // by item index

        /// <summary>What ends when each item sent on as a command of its own has its result; null when none was.</summary>
        public List<IObservable<Unit>>? SentOn { get; private set; }

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
            var item = Items[index];
            if (issued is not null && reply.IsError && Redirect.TryParse(ReplyDecoding.ServerError(reply, item.Name), out var redirect)
                && item.FollowRedirect(redirect, Connection, issued[index]) is { } ended)
            {
                (SentOn ??= []).Add(ended);
                (_sentOn ??= new bool[Items.Count])[index] = true;
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

        protected override bool IsSentOn(int index) => _sentOn?[index] == true;

        // Items sent on get their result from their own command.
        protected override void DeliverItems()
        {
            for (var i = 0; i < Items.Count; i++)
            {
                if (!IsSentOn(i))
                {
                    Items[i].Deliver();
                }
            }
        }
    }
}
