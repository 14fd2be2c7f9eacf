using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Runtime.InteropServices;
using RxRedis.Cluster;
using RxRedis.Connection;
using RxRedis.Resilience;
using RxRedis.Routing;

namespace RxRedis.Commands.Bulk;

/// <summary>
/// One subscription to a bulk operation. A producer loop reads the source into chunks and queues each on the
/// shared connection once a window slot is free; a slot is freed only after the chunk's results were delivered,
/// so at most <see cref="BulkOptions.MaxInFlight"/> items are held anywhere, however large the input. Chunks are
/// delivered strictly in sequence through a ring indexed by chunk number (the window bounds how far apart the
/// outstanding ones can be), which keeps results in input order even if a failure completes chunks out of order.
/// In a cluster each chunk is split into one part per node (see <see cref="BulkPart{TIn, TItem, TOut}"/>); the
/// chunk, window and ring work as on one server. Items that fail in a way the client's retry policy retries go out
/// again as parts after the policy's backoff on the options' scheduler, while their chunk keeps its window slot;
/// on one server the connection sends them, so they keep their order (see <see cref="Retry"/>).
/// </summary>
internal sealed class BulkOperation<TIn, TItem, TOut> : IDisposable, IThreadPoolWorkItem
{
    private readonly RedisConnection? _connection;
    private readonly ClusterRouter? _cluster;
    private readonly BulkSource<TIn> _source;
    private readonly BulkOptions _options;
    private readonly IObserver<BulkResult<TIn, TOut>> _observer;
    private readonly SemaphoreSlim _window;
    private readonly BulkChunk<TIn, TItem, TOut>?[] _ring;
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<TIn> _add;
    private BulkChunk<TIn, TItem, TOut>? _filling;
    private long _nextToDeliver;
    private long _chunksSent = -1; // set when the producer finished: the total number of chunks
    private Exception? _sourceError;
    private int _draining;
    private int _terminated;

    public BulkOperation(ICommandRouter router, BulkCodec<TIn, TItem, TOut> codec, BulkSource<TIn> source, BulkOptions options, IObserver<BulkResult<TIn, TOut>> observer)
    {
        _cluster = router as ClusterRouter;
        _connection = router as RedisConnection;
        Codec = codec;
        _source = source;
        _options = options;
        _observer = observer;
        var slots = options.MaxInFlight / options.ChunkSize;
        _window = new SemaphoreSlim(slots, slots);
        _ring = new BulkChunk<TIn, TItem, TOut>?[slots];
        _add = input => _filling!.Add(codec.Prepare(input));
    }

    public BulkCodec<TIn, TItem, TOut> Codec { get; }

    /// <summary>Where items go: the one connection, or the cluster router.</summary>
    public ICommandRouter Router => (ICommandRouter?)_cluster ?? _connection!;

    /// <summary>The cluster router, or null on one server.</summary>
    public ClusterRouter? Cluster => _cluster;

    public void Start() => _ = Task.Run(ProduceAsync);

    private async Task ProduceAsync()
    {
        long sequence = 0, index = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _window.WaitAsync(_stop.Token).ConfigureAwait(false);
                _filling = new BulkChunk<TIn, TItem, TOut>(this, sequence, index, _options.ChunkSize);
                if (!await _source.FillAsync(_add, _options.ChunkSize, _stop.Token).ConfigureAwait(false) || _filling.Count == 0)
                {
                    _filling.Release();
                    _window.Release();
                    break;
                }
                index += _filling.Count;
                sequence++;
                Send(_filling);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // The source failed (or an input was invalid): what was sent still completes, then the error ends it.
            _sourceError = e;
            if (_filling is { Count: 0 } empty)
            {
                empty.Release();
                _window.Release();
            }
            else if (_filling is { } partial)
            {
                // Items added before the bad one still go out, in order.
                index += partial.Count;
                sequence++;
                Send(partial);
            }
        }
        finally
        {
            _filling = null;
            _source.Dispose();
        }
        Volatile.Write(ref _chunksSent, sequence);
        ScheduleDrain();
    }

    // One server: the chunk is one queue entry. A cluster: one entry per node that owns some of its items.
    private void Send(BulkChunk<TIn, TItem, TOut> chunk)
    {
        // The hooks see each chunk as one pipeline, from its send to its delivery (retries included).
        var hooks = Router.Hooks;
        if (hooks.Length != 0)
        {
            chunk.Hooked = CommandHooks.Observe(hooks, chunk.Infos());
        }
        if (_cluster is null)
        {
            _connection!.Enqueue(chunk, defaultTimeout: false);
        }
        else
        {
            BulkPart<TIn, TItem, TOut>.SendChunk(this, chunk);
        }
    }

    /// <summary>Called on the reader loop (or on a failure path) when every reply of the chunk is in.</summary>
    public void OnChunkDone(BulkChunk<TIn, TItem, TOut> chunk)
    {
        Volatile.Write(ref _ring[chunk.Sequence % _ring.Length], chunk);
        ScheduleDrain();
    }

    private void ScheduleDrain()
    {
        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            DeliveryBatch.Post(this);
        }
    }

    /// <summary>The single drainer: delivers finished chunks in sequence, then frees their window slots.</summary>
    public void Execute()
    {
        while (true)
        {
            while (Volatile.Read(ref _ring[_nextToDeliver % _ring.Length]) is { } chunk)
            {
                _ring[_nextToDeliver % _ring.Length] = null;
                _nextToDeliver++;
                Deliver(chunk);
                chunk.Hooked?.End(FirstError(chunk));
                chunk.Release();
                _window.Release();
            }
            var total = Volatile.Read(ref _chunksSent);
            if (total >= 0 && _nextToDeliver == total)
            {
                Terminate(_sourceError);
            }
            Volatile.Write(ref _draining, 0);
            if (Volatile.Read(ref _ring[_nextToDeliver % _ring.Length]) is null
                || Interlocked.Exchange(ref _draining, 1) != 0)
            {
                return;
            }
        }
    }

    private static Exception? FirstError(BulkChunk<TIn, TItem, TOut> chunk)
    {
        for (var i = 0; chunk.HasErrors && i < chunk.Count; i++)
        {
            if (chunk.ErrorAt(i) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private void Deliver(BulkChunk<TIn, TItem, TOut> chunk)
    {
        if (Volatile.Read(ref _terminated) != 0)
        {
            return;
        }
        var mode = _options.Results;
        if (mode == BulkResults.None && !(chunk.HasErrors && _options.StopOnError))
        {
            return;
        }
        for (var i = 0; i < chunk.Count; i++)
        {
            var error = chunk.ErrorAt(i);
            if (error is null && mode != BulkResults.All)
            {
                continue;
            }
            if (mode != BulkResults.None || error is not null)
            {
                var result = new BulkResult<TIn, TOut>(chunk.FirstIndex + i, Codec.Input(chunk.Items[i]), error is null ? chunk.Values[i] : default!, error);
                if (!Router.Options.Callbacks.OnNext(_observer, result, "bulk"))
                {
                    Stop(); // the subscriber threw: the bulk ends, told nothing more (see RedisClient.CallbackErrors)
                    return;
                }
            }
            if (error is not null && _options.StopOnError)
            {
                Terminate(error);
                return;
            }
        }
    }

    private void Terminate(Exception? error)
    {
        if (!Stop())
        {
            return;
        }
        if (error is null)
        {
            Router.Options.Callbacks.OnCompleted(_observer, "bulk");
        }
        else
        {
            Router.Options.Callbacks.OnError(_observer, error, "bulk");
        }
    }

    /// <summary>Stops sending and reading items; true the first time.</summary>
    private bool Stop()
    {
        if (Interlocked.Exchange(ref _terminated, 1) != 0)
        {
            return false;
        }
        _stop.Cancel();
        _source.Cancel();
        return true;
    }

    /// <summary>
    /// Whether <paramref name="item"/>, failed with <paramref name="error"/> on <paramref name="attempt"/>, may be sent
    /// again: the same rule as for a single command (<see cref="RetryWithBackoffExtensions.CanRetry"/>), so not sent,
    /// <c>CLUSTERDOWN</c>/<c>TRYAGAIN</c>/<c>LOADING</c>..., and an unknown outcome for read-only or idempotent commands.
    /// </summary>
    public bool CanRetry(Exception error, in TItem item, in BulkAttempt attempt)
    {
        var options = Router.Options;
        return RetryWithBackoffExtensions.CanRetry(options.RetryPolicy, Codec.Flags(item), attempt.Number, error, options.Scheduler, attempt.ReconfiguringUntil);
    }

    /// <summary>
    /// Sends <paramref name="items"/> of <paramref name="chunk"/> again after failed <paramref name="attempt"/>
    /// (<paramref name="error"/>, one of the items' errors). On one server the connection sends them, after one
    /// backoff, ahead of everything queued after them and in the order retries were asked for (see
    /// <see cref="ResendQueue"/>), so a retried SET never lands after a newer one. In a cluster each item joins the
    /// resend lane with the place <paramref name="issued"/> of its first send, and is routed afresh from there in that
    /// order, with the slot's newer commands behind it (see <see cref="ClusterResendLane"/>); a timer per retry let
    /// older SETs overtake newer ones (8 of 10 rounds of the bulk case of ClusterWriteOrderTests ended older). The chunk
    /// stays open until they are answered. Called on a reader loop or a failure path, oldest first: it only queues.
    /// </summary>
    public void Retry(BulkChunk<TIn, TItem, TOut> chunk, List<int> items, in BulkAttempt attempt, long issued, Exception error)
    {
        var options = Router.Options;
        var delay = options.RetryPolicy.Delay(attempt.Number);
        if (_connection is { } connection
            && connection.TrySendAhead(BulkPart<TIn, TItem, TOut>.Retrying(this, chunk, [.. items], attempt.Next(null)), delay))
        {
            return;
        }
        DateTimeOffset? windowEnd = _cluster is not null && options.Cluster.RetryWhileReconfiguring > TimeSpan.Zero
            ? options.Scheduler.Now + options.Cluster.RetryWhileReconfiguring
            : null;
        var next = attempt.Next(windowEnd);
        if (_cluster is { } cluster)
        {
            cluster.RequestRefresh();
            foreach (var item in items)
            {
                BulkPart<TIn, TItem, TOut>.Queue(this, chunk, item, next, issued, error);
            }
            return;
        }
        options.Scheduler.Schedule((Operation: this, Chunk: chunk, Items: items, Next: next), delay, static (_, s) =>
        {
            s.Operation.Resend(s.Chunk, s.Items, s.Next);
            return Disposable.Empty;
        });
    }

    private void Resend(BulkChunk<TIn, TItem, TOut> chunk, List<int> items, BulkAttempt attempt)
    {
        if (Volatile.Read(ref _terminated) != 0)
        {
            // Nobody will read these results; settling the items lets the chunk return its pooled arrays.
            var stopped = new OperationCanceledException("The bulk operation ended before a retry.");
            foreach (var item in items)
            {
                chunk.SetError(item, stopped);
            }
            chunk.Answered(items.Count);
            return;
        }
        BulkPart<TIn, TItem, TOut>.Route(this, chunk, CollectionsMarshal.AsSpan(items), attempt, issued: 0);
    }

    /// <summary>The subscriber left: read no more input; commands already queued still run and are dropped.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _terminated, 1) == 0)
        {
            _stop.Cancel();
            _source.Cancel();
        }
    }
}
