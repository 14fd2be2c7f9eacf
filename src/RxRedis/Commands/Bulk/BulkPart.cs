using System.Buffers;
using RxRedis.Cluster;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Commands.Bulk;

/// <summary>
/// Some items of one bulk chunk as one queue entry on one node's connection: in a cluster, the chunk's items that
/// go to that node; on one server (and in a cluster too), items sent again after a retryable failure. Replies fill
/// the chunk in place, so the operation still delivers chunks in input order. An item answered <c>MOVED</c> or
/// <c>ASK</c> (its slot is being resharded) is sent again to the node named, behind <c>ASKING</c> for <c>ASK</c>,
/// instead of failing, up to <see cref="ClusterOptions.MaxRedirects"/> times
/// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#redirection-and-resharding).
/// Items that fail as the retry policy retries a single command (never sent, <c>CLUSTERDOWN</c>, <c>TRYAGAIN</c>,
/// an unknown outcome of a read-only or idempotent command, ...) are handed to <see cref="BulkOperation{TIn, TItem, TOut}.Retry"/>,
/// which sends them again after a backoff, routed afresh: how a bulk run rides through a failover.
/// </summary>
internal sealed class BulkPart<TIn, TItem, TOut> : PendingCommand
{
    private readonly BulkOperation<TIn, TItem, TOut> _operation;
    private readonly BulkChunk<TIn, TItem, TOut> _chunk;
    private readonly int[] _items;
    private readonly bool _ask;
    private readonly BulkAttempt _attempt;
    private List<(int Item, Redirect Redirect)>? _redirected;
    private List<int>? _retry;
    private int _handled; // items whose reply was read (answered, redirected or left for a retry)

    private BulkPart(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk, int[] items, bool ask, BulkAttempt attempt)
    {
        _operation = operation;
        _chunk = chunk;
        _items = items;
        _ask = ask;
        _attempt = attempt;
    }

    public override string Name => _operation.Codec.Name;

    public override int ReplyCount => _ask ? _items.Length * 2 : _items.Length;

    /// <summary>A part of <paramref name="items"/> of <paramref name="chunk"/> sent again on one server after attempt <paramref name="attempt"/>.Number - 1 failed.</summary>
    public static BulkPart<TIn, TItem, TOut> Retrying(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk, int[] items, BulkAttempt attempt) =>
        new(operation, chunk, items, ask: false, attempt);

    /// <summary>Sends every item of <paramref name="chunk"/>, one part per node that owns their slots now.</summary>
    public static void SendChunk(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk)
    {
        chunk.ExpectParts();
        Span<int> all = chunk.Count <= 256 ? stackalloc int[chunk.Count] : new int[chunk.Count];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }
        Route(operation, chunk, all, BulkAttempt.First);
    }

    /// <summary>Sends <paramref name="items"/> of <paramref name="chunk"/> as one part per node that owns their slots now.</summary>
    public static void Route(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk, ReadOnlySpan<int> items, BulkAttempt attempt)
    {
        // A handful of nodes, searched linearly; each item's node is noted first so every part gets an array of
        // exactly its items (no growing lists per chunk: this runs for every 128 items of a bulk run).
        var nodes = new List<RedisConnection>(4);
        Span<int> nodeOf = items.Length <= 256 ? stackalloc int[items.Length] : new int[items.Length];
        var codec = operation.Codec;
        var router = operation.Router;
        for (var i = 0; i < items.Length; i++)
        {
            var item = chunk.Items[items[i]];
            var node = router.Route(codec.Slot(item), codec.Flags(item));
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
            nodes[n].Enqueue(new BulkPart<TIn, TItem, TOut>(operation, chunk, part, ask: false, attempt), defaultTimeout: false);
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

    // Redirected and retried items go out (or are scheduled) before this part counts down the chunk, which they
    // keep open; every other item of the part has its final outcome.
    private void Finish()
    {
        if (_redirected is { } redirected)
        {
            var cluster = _operation.Cluster!;
            foreach (var group in redirected.GroupBy(r => (EndPoint: cluster.Resolve(r.Redirect), r.Redirect.IsAsk)))
            {
                var (endPoint, isAsk) = group.Key;
                foreach (var (_, itemRedirect) in group)
                {
                    cluster.OnRedirect(itemRedirect, endPoint); // counts it; MOVED also patches the item's slot
                }
                int[] items = [.. group.Select(r => r.Item)];
                cluster.Node(endPoint).Enqueue(new BulkPart<TIn, TItem, TOut>(_operation, _chunk, items, isAsk, _attempt.Redirected()), defaultTimeout: false);
            }
        }
        if (_retry is { } retry)
        {
            _operation.Retry(_chunk, retry, _attempt);
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
}
