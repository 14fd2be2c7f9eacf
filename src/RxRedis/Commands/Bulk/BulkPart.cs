using System.Buffers;
using RxRedis.Cluster;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Commands.Bulk;

/// <summary>
/// Some items of one bulk chunk as one queue entry on one node's connection: in a cluster, the chunk's items that
/// go to that node; on one server (and in a cluster too), items sent again after a retryable failure. Replies fill
/// the chunk in place, so the operation still delivers chunks in input order. An item answered <c>MOVED</c> or
/// <c>ASK</c> (its slot is being resharded) is sent again to the node named (behind <c>ASKING</c> for <c>ASK</c>;
/// through the resend lane for <c>MOVED</c> while the slot is held) instead of failing, up to
/// <see cref="ClusterOptions.MaxRedirects"/> times
/// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#redirection-and-resharding).
/// Items that fail as the retry policy retries a single command (never sent, <c>CLUSTERDOWN</c>, <c>TRYAGAIN</c>,
/// an unknown outcome of a read-only or idempotent command, ...) are handed to <see cref="BulkOperation{TIn, TItem, TOut}.Retry"/>,
/// which on one server has the connection send them again after one backoff, and in a cluster puts each item in the
/// resend lane, routed afresh in issue order: how a bulk run rides through a failover.
/// </summary>
internal sealed class BulkPart<TIn, TItem, TOut> : PendingCommand, IClusterResend
{
    private readonly BulkOperation<TIn, TItem, TOut> _operation;
    private readonly BulkChunk<TIn, TItem, TOut> _chunk;
    private readonly int[] _items;
    private readonly bool _ask;
    private readonly BulkAttempt _attempt;
    private readonly long _issued; // in a cluster, the number of the chunk's item 0; item i's is _issued + i (ClusterResendLane.Issue)
    private List<(int Item, Redirect Redirect)>? _redirected;
    private List<int>? _retry;
    private Exception? _retryError;
    private int _handled; // items whose reply was read (answered, redirected or left for a retry)

    private BulkPart(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk, int[] items, bool ask, BulkAttempt attempt, long issued)
    {
        _operation = operation;
        _chunk = chunk;
        _items = items;
        _ask = ask;
        _attempt = attempt;
        _issued = issued;
    }

    public override string Name => _operation.Codec.Name;

    public override int ReplyCount => _ask ? _items.Length * 2 : _items.Length;

    /// <summary>A part of <paramref name="items"/> of <paramref name="chunk"/> sent again on one server after attempt <paramref name="attempt"/>.Number - 1 failed.</summary>
    public static BulkPart<TIn, TItem, TOut> Retrying(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk, int[] items, BulkAttempt attempt) =>
        new(operation, chunk, items, ask: false, attempt, issued: 0);

    /// <summary>
    /// Item <paramref name="item"/> of <paramref name="chunk"/> as its own entry of the cluster's resend lane (see
    /// <see cref="ClusterResendLane"/>): it failed in a way that may be retried, or it followed a <c>MOVED</c>, or its slot
    /// has older entries waiting there. It keeps its place in the issue order (<paramref name="issued"/>, the number of
    /// the chunk's item 0, plus its index). A refusal (<c>TRYAGAIN</c>, <c>CLUSTERDOWN</c>) waits for the policy's
    /// delay; a lost node's items go once it is back; one that followed a <c>MOVED</c> goes where it said
    /// (<paramref name="movedTo"/>).
    /// </summary>
    public static void Queue(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk, int item, BulkAttempt attempt, long issued, Exception? error, RedisEndPoint? movedTo = null)
    {
        var entry = new BulkPart<TIn, TItem, TOut>(operation, chunk, [item], ask: false, attempt, issued);
        var failed = error is null ? attempt.Number : attempt.Number - 1; // a retry is sent as the attempt after the failed one
        if (!operation.Cluster!.Resends.Add(entry, entry, error, failed, attempt.ReconfiguringUntil, atOnce: error is null or RedisConnectionException, movedTo: movedTo))
        {
            entry.GiveUp(error ?? Disposed());
        }
    }

    private static ObjectDisposedException Disposed() => new(nameof(RedisClient), "The client was disposed before the item was sent.");

    /// <summary>Sends every item of <paramref name="chunk"/>, one part per node that owns their slots now.</summary>
    public static void SendChunk(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk)
    {
        chunk.ExpectParts();
        Span<int> all = chunk.Count <= 256 ? stackalloc int[chunk.Count] : new int[chunk.Count];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }
        Route(operation, chunk, all, BulkAttempt.First, operation.Cluster?.Resends.Issue(chunk.Count) ?? 0);
    }

    /// <summary>
    /// Sends <paramref name="items"/> of <paramref name="chunk"/> as one part per node that owns their slots now. In
    /// a cluster, each owner is read and the parts queued inside the slots' route fence, and an item whose slot has
    /// entries waiting in the resend lane (a failed node's retries, or a slot held while its owner changes) joins
    /// them instead, as plain commands do (issue 18).
    /// </summary>
    public static void Route(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk, ReadOnlySpan<int> items, BulkAttempt attempt, long issued)
    {
        // A handful of nodes, searched linearly; each item's node is noted first so every part gets an array of
        // exactly its items (no growing lists per chunk: this runs for every 128 items of a bulk run).
        var nodes = new List<RedisConnection>(4);
        Span<int> nodeOf = items.Length <= 256 ? stackalloc int[items.Length] : new int[items.Length];
        var codec = operation.Codec;
        var router = operation.Router;
        var cluster = operation.Cluster;
        Span<int> fenced = cluster is null ? [] : items.Length <= 256 ? stackalloc int[items.Length] : new int[items.Length];
        fenced.Fill(-1); // nothing entered yet: an exception part way must exit only what was entered
        List<(PendingCommand, IClusterResend, int, DateTimeOffset?)>? held = null;
        HashSet<int>? heldSlots = null;
        try
        {
            for (var i = 0; i < items.Length; i++)
            {
                var item = chunk.Items[items[i]];
                var slot = codec.Slot(item);
                if (cluster is not null)
                {
                    fenced[i] = cluster.Fence.Enter(slot);
                }
                var node = router.Route(slot, codec.Flags(item));
                // Once one item of a slot waits, the chunk's later items of that slot wait too: the waiting ones join
                // the lane only after the loop, so a lane emptied meanwhile let later items go straight to the node
                // ahead of them (96 writes of one chunk applied before its first 104).
                if (cluster is not null && (cluster.Resends.Holds(slot) || (heldSlots?.Contains(slot) ?? false)))
                {
                    (heldSlots ??= []).Add(slot);
                    var entry = new BulkPart<TIn, TItem, TOut>(operation, chunk, [items[i]], ask: false, attempt, issued);
                    (held ??= []).Add((entry, entry, attempt.Number, attempt.ReconfiguringUntil));
                    nodeOf[i] = -1;
                    continue;
                }
                var at = nodes.IndexOf(node);
                if (at < 0)
                {
                    at = nodes.Count;
                    nodes.Add(node);
                }
                nodeOf[i] = at;
            }
            for (var n = 0; n < nodes.Count; n++)
            {
                var count = 0;
                foreach (var at in nodeOf)
                {
                    count += at == n ? 1 : 0;
                }
                var part = new int[count];
                var next = 0;
                for (var i = 0; i < items.Length; i++)
                {
                    if (nodeOf[i] == n)
                    {
                        part[next++] = items[i];
                    }
                }
                nodes[n].Enqueue(new BulkPart<TIn, TItem, TOut>(operation, chunk, part, ask: false, attempt, issued), defaultTimeout: false);
            }
            if (held is not null && !cluster!.Resends.AddNew(held))
            {
                foreach (var (entry, _, _, _) in held)
                {
                    ((BulkPart<TIn, TItem, TOut>)entry).GiveUp(Disposed());
                }
            }
        }
        finally
        {
            foreach (var counter in fenced)
            {
                cluster!.Fence.Exit(counter);
            }
        }
    }

    public override void Write(IBufferWriter<byte> output)
    {
        var codec = _operation.Codec;
        foreach (var item in _items)
        {
            if (_ask)
            {
                output.Write(Redirect.AskingFrame);
            }
            codec.Write(output, _chunk.Items[item]);
        }
    }


    public override bool OnReply(in RespValue reply, int index)
    {
        if (IsFinished)
        {
            return false;
        }
        if (_ask && index % 2 == 0)
        {
            return true; // ASKING's +OK; were it refused, the command's own reply says why
        }
        var item = _items[_ask ? index / 2 : index];
        if (!(reply.IsError && TryRedirect(reply, item)) && !_chunk.Accept(reply, item, _attempt))
        {
            (_retry ??= []).Add(item);
            _retryError ??= ReplyDecoding.ServerError(reply, Name);
        }
        _handled++;
        if (index == ReplyCount - 1 && TryFinish())
        {
            Finish();
        }
        return true;
    }

    private bool TryRedirect(in RespValue reply, int item)
    {
        if (_operation.Cluster is not { } cluster
            || _attempt.Redirects >= cluster.Options.Cluster.MaxRedirects
            || !Redirect.TryParse(ReplyDecoding.ServerError(reply, Name), out var redirect))
        {
            return false;
        }
        (_redirected ??= []).Add((item, redirect));
        return true;
    }

    // Redirected and retried items go out (or are queued) before this part counts down the chunk, which they keep
    // open; every other item of the part has its final outcome. Runs on the reader once the part's last reply is
    // read, so one node's redirected items go on in the order it answered them, as plain commands do.
    private void Finish()
    {
        if (_redirected is { } redirected)
        {
            var cluster = _operation.Cluster!;
            foreach (var group in redirected.GroupBy(r => (EndPoint: cluster.Resolve(r.Redirect), r.Redirect.IsAsk)))
            {
                var (endPoint, isAsk) = group.Key;
                List<int>? direct = null;
                foreach (var (item, itemRedirect) in group)
                {
                    // Counts it; MOVED also patches the slot, holding its newer commands behind this node's older ones.
                    cluster.OnRedirect(itemRedirect, endPoint, isAsk ? null : Connection);
                    if (!isAsk && cluster.Resends.Holds(itemRedirect.Slot))
                    {
                        Queue(_operation, _chunk, item, _attempt.Redirected(), _issued, error: null, movedTo: endPoint);
                    }
                    else
                    {
                        (direct ??= []).Add(item);
                    }
                }
                if (direct is not null)
                {
                    cluster.Node(endPoint).Enqueue(new BulkPart<TIn, TItem, TOut>(_operation, _chunk, [.. direct], isAsk, _attempt.Redirected(), _issued), defaultTimeout: false);
                }
            }
        }
        if (_retry is { } retry)
        {
            _operation.Retry(_chunk, retry, _attempt, _issued, _retryError!);
        }
        _chunk.Answered(_items.Length - (_redirected?.Count ?? 0) - (_retry?.Count ?? 0));
    }

    public override void OnFailure(Exception error)
    {
        if (!TryFinish())
        {
            return;
        }
        foreach (var item in _items.AsSpan(_handled))
        {
            if (_operation.CanRetry(error, _chunk.Items[item], _attempt))
            {
                (_retry ??= []).Add(item);
                _retryError = error;
            }
            else
            {
                _chunk.SetError(item, error);
            }
        }
        Finish();
    }

    // Parts, like chunks, are queued without the default command timeout (see BulkChunk.OnTimeout).
    public override void OnTimeout(TimeSpan timeout) =>
        throw new InvalidOperationException("Bulk parts are never queued with a timeout.");

    // A lane entry (see Queue) holds one item.
    int IClusterResend.Slot => _operation.Codec.Slot(_chunk.Items[_items[0]]);

    CommandFlags IClusterResend.Flags => _operation.Codec.Flags(_chunk.Items[_items[0]]);

    bool IClusterResend.DefaultTimeout => false;

    // One number per item, not per chunk: an item that came back MOVED after its chunk-mates had joined the lane
    // went behind them with an equal number (the first item of a chunk applied 127 versions late).
    long IClusterResend.Issued => _issued + _items[0];

    /// <summary>The lane will not send the item: its result is <paramref name="error"/>.</summary>
    public void GiveUp(Exception error)
    {
        if (!TryFinish())
        {
            return;
        }
        foreach (var item in _items)
        {
            _chunk.SetError(item, error);
        }
        _chunk.Answered(_items.Length);
    }
}
