using System.Buffers;
using RxRedis.Cluster;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Commands.Bulk;

/// <summary>
/// In a cluster, the items of one bulk chunk that go to one node, as one queue entry on that node's connection.
/// Replies fill the chunk in place, so the operation still delivers chunks in input order. An item answered
/// <c>MOVED</c> or <c>ASK</c> (its slot is being resharded) is sent again to the node named, behind <c>ASKING</c>
/// for <c>ASK</c>, instead of failing, up to <see cref="ClusterOptions.MaxRedirects"/> times; so are the items of a
/// part that was never sent (its node left the cluster), routed afresh
/// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#redirection-and-resharding).
/// </summary>
internal sealed class BulkPart<TIn, TItem, TOut> : PendingCommand
{
    private readonly BulkOperation<TIn, TItem, TOut> _operation;
    private readonly BulkChunk<TIn, TItem, TOut> _chunk;
    private readonly ClusterRouter _cluster;
    private readonly int[] _items;
    private readonly bool _ask;
    private readonly int _redirects;
    private List<(int Item, Redirect Redirect)>? _redirected;
    private int _handled; // items whose reply was read (answered or redirected)

    private BulkPart(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk, ClusterRouter cluster, int[] items, bool ask, int redirects)
    {
        _operation = operation;
        _chunk = chunk;
        _cluster = cluster;
        _items = items;
        _ask = ask;
        _redirects = redirects;
    }

    public override string Name => _operation.Codec.Name;

    public override int ReplyCount => _ask ? _items.Length * 2 : _items.Length;

    /// <summary>Sends every item of <paramref name="chunk"/>, one part per node that owns their slots now.</summary>
    public static void SendChunk(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk, ClusterRouter cluster)
    {
        chunk.ExpectParts();
        Route(operation, chunk, cluster, Enumerable.Range(0, chunk.Count), redirects: 0);
    }

    private static void Route(BulkOperation<TIn, TItem, TOut> operation, BulkChunk<TIn, TItem, TOut> chunk, ClusterRouter cluster, IEnumerable<int> items, int redirects)
    {
        // A handful of nodes: a list searched linearly beats a dictionary here.
        var byNode = new List<(RedisConnection Node, List<int> Items)>(4);
        var codec = operation.Codec;
        foreach (var item in items)
        {
            var node = cluster.Route(codec.Slot(chunk.Items[item]), codec.Flags(chunk.Items[item]));
            var at = byNode.FindIndex(g => g.Node == node);
            if (at < 0)
            {
                byNode.Add((node, [item]));
            }
            else
            {
                byNode[at].Items.Add(item);
            }
        }
        foreach (var (node, group) in byNode)
        {
            node.Enqueue(new BulkPart<TIn, TItem, TOut>(operation, chunk, cluster, [.. group], ask: false, redirects), defaultTimeout: false);
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
        if (!(reply.IsError && TryRedirect(reply, item)))
        {
            _chunk.Accept(reply, item);
        }
        _handled++;
        if (index == ReplyCount - 1 && TryFinish())
        {
            Finish(answered: _items.Length - (_redirected?.Count ?? 0));
        }
        return true;
    }

    private bool TryRedirect(in RespValue reply, int item)
    {
        if (_redirects >= _cluster.Options.Cluster.MaxRedirects
            || !Redirect.TryParse(ReplyDecoding.ServerError(reply, Name), out var redirect))
        {
            return false;
        }
        (_redirected ??= []).Add((item, redirect));
        return true;
    }

    // Redirected items go out before this part counts down the chunk, which they keep open.
    private void Finish(int answered)
    {
        if (_redirected is { } redirected)
        {
            foreach (var group in redirected.GroupBy(r => (EndPoint: _cluster.Resolve(r.Redirect), r.Redirect.IsAsk)))
            {
                var (endPoint, isAsk) = group.Key;
                foreach (var (_, itemRedirect) in group)
                {
                    _cluster.OnRedirect(itemRedirect, endPoint); // counts it; MOVED also patches the item's slot
                }
                int[] items = [.. group.Select(r => r.Item)];
                _cluster.Node(endPoint).Enqueue(new BulkPart<TIn, TItem, TOut>(_operation, _chunk, _cluster, items, isAsk, _redirects + 1), defaultTimeout: false);
            }
        }
        _chunk.Answered(answered);
    }

    public override void OnFailure(Exception error)
    {
        if (!TryFinish())
        {
            return;
        }
        var unread = _items.AsSpan(_handled);
        if (error is RedisException { Outcome: CommandOutcome.NotSent } && _redirects < _cluster.Options.Cluster.MaxRedirects)
        {
            // Never written, so safe to send again wherever the slots live now.
            Route(_operation, _chunk, _cluster, unread.ToArray(), _redirects + 1);
            Finish(answered: _handled - (_redirected?.Count ?? 0));
            return;
        }
        foreach (var item in unread)
        {
            _chunk.SetError(item, error);
        }
        Finish(answered: _items.Length - (_redirected?.Count ?? 0));
    }

    // Parts, like chunks, are queued without the default command timeout (see BulkChunk.OnTimeout).
    public override void OnTimeout(TimeSpan timeout) =>
        throw new InvalidOperationException("Bulk parts are never queued with a timeout.");
}
