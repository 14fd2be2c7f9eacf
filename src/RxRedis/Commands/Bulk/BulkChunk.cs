using System.Buffers;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Commands.Bulk;

/// <summary>
/// Up to <c>ChunkSize</c> commands of a bulk operation as one connection queue entry: written back to back, taking
/// one reply each. Replies are decoded on the reader loop into pooled arrays; the operation delivers them in order
/// and then returns the arrays. One object per chunk, none per item. In a cluster the chunk is not queued itself:
/// its items go out as <see cref="BulkPart{TIn, TItem, TOut}"/>s, one per node, which fill it in and count it down.
/// On one server it turns to parts only when some items are to be retried (a retryable error reply, or the
/// connection lost before their replies): those go out again as parts and the rest keep their results.
/// </summary>
internal sealed class BulkChunk<TIn, TItem, TOut> : PendingCommand
{
    private readonly BulkOperation<TIn, TItem, TOut> _operation;
    private Exception?[]? _errors;
    private List<int>? _retry;
    private Exception? _retryError; // the first refusal among _retry (LOADING, BUSY, ...)
    private int _replied; // replies read (one server), so a lost connection fails only the unanswered items
    private int _unanswered;

    public BulkChunk(BulkOperation<TIn, TItem, TOut> operation, long sequence, long firstIndex, int capacity)
    {
        _operation = operation;
        Sequence = sequence;
        FirstIndex = firstIndex;
        Items = ArrayPool<TItem>.Shared.Rent(capacity);
        Values = ArrayPool<TOut>.Shared.Rent(capacity);
    }

    public long Sequence { get; }

    public long FirstIndex { get; }

    public TItem[] Items { get; }

    public TOut[] Values { get; }

    public int Count { get; private set; }

    public bool HasErrors => _errors is not null;

    /// <summary>The hooks' view of this chunk (see <see cref="Resilience.CommandHooks.Observe"/>); null without hooks.</summary>
    public Resilience.CommandHooks.Observed? Hooked { get; set; }

    /// <summary>The rows of the chunk's commands, in order.</summary>
    public CommandInfo[] Infos()
    {
        var infos = new CommandInfo[Count];
        for (var i = 0; i < Count; i++)
        {
            infos[i] = _operation.Codec.Info(Items[i]);
        }
        return infos;
    }

    public override string Name => _operation.Codec.Name;

    public override int ReplyCount => Count;

    public void Add(TItem item) => Items[Count++] = item;

    public Exception? ErrorAt(int index) => _errors?[index];

    public override void Write(IBufferWriter<byte> output)
    {
        var codec = _operation.Codec;
        for (var i = 0; i < Count; i++)
        {
            codec.Write(output, Items[i]);
        }
    }

    public override bool OnReply(in RespValue reply, int index)
    {
        if (IsFinished)
        {
            return false;
        }
        _replied = index + 1;
        if (!Accept(reply, index, BulkAttempt.First))
        {
            (_retry ??= []).Add(index);
            _retryError ??= ReplyDecoding.ServerError(reply, Name);
        }
        if (index == Count - 1 && TryFinish())
        {
            if (_retry is null)
            {
                _operation.OnChunkDone(this);
            }
            else
            {
                RetryAsParts(_retry, _retryError!);
            }
        }
        return true;
    }

    /// <summary>
    /// Decodes the reply of item <paramref name="index"/> into its result or error. Returns false, recording
    /// nothing, for an error after which the item may be retried (see <see cref="BulkOperation{TIn, TItem, TOut}.CanRetry"/>).
    /// </summary>
    public bool Accept(in RespValue reply, int index, in BulkAttempt attempt)
    {
        if (reply.IsError)
        {
            var error = ReplyDecoding.ServerError(reply, Name);
            if (_operation.CanRetry(error, Items[index], attempt))
            {
                return false;
            }
            SetError(index, error);
            return true;
        }
        try
        {
            Values[index] = _operation.Codec.Decode(reply, Items[index]);
        }
        catch (Exception e)
        {
            SetError(index, ReplyDecoding.Unreadable(reply, Name, e));
        }
        return true;
    }

    /// <summary>Before the items go out in parts: every item is still to be answered.</summary>
    public void ExpectParts() => _unanswered = Count;

    /// <summary>A part has the final outcome of <paramref name="count"/> items; the last one completes the chunk.</summary>
    public void Answered(int count)
    {
        if (count > 0 && Interlocked.Add(ref _unanswered, -count) == 0)
        {
            _operation.OnChunkDone(this);
        }
    }

    // One server: the connection failed with this chunk queued or in flight. Items already answered keep their
    // results; the others are retried when the policy allows it for this failure (not sent, or unknown outcome of a
    // read-only or idempotent command), and fail with it otherwise.
    public override void OnFailure(Exception error)
    {
        if (!TryFinish())
        {
            return;
        }
        var retry = _retry ?? [];
        for (var i = _replied; i < Count; i++)
        {
            if (_operation.CanRetry(error, Items[i], BulkAttempt.First))
            {
                retry.Add(i);
            }
            else
            {
                SetError(i, error);
            }
        }
        RetryAsParts(retry, _retryError ?? error);
    }

    private void RetryAsParts(List<int> retry, Exception error)
    {
        ExpectParts();
        if (retry.Count > 0)
        {
            _operation.Retry(this, retry, BulkAttempt.First, issued: 0, error);
        }
        Answered(Count - retry.Count);
    }

    // Chunks are queued without the default command timeout: a timer could fire while the reader is still
    // filling the pooled arrays. The bounded window keeps them moving, and a stalled connection is caught by the
    // health check, whose failure reaches chunks only after both loops have stopped.
    public override void OnTimeout(TimeSpan timeout) =>
        throw new InvalidOperationException("Bulk chunks are never queued with a timeout.");

    // Parts on different nodes' reader loops may set errors at the same time: the array is created once.
    public void SetError(int index, Exception error)
    {
        var errors = Volatile.Read(ref _errors) ?? Interlocked.CompareExchange(ref _errors, new Exception?[Count], null) ?? _errors;
        errors[index] = error;
    }

    /// <summary>Gives the pooled arrays back (clearing references so the pool holds no user data alive).</summary>
    public void Release()
    {
        ArrayPool<TItem>.Shared.Return(Items, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<TItem>());
        ArrayPool<TOut>.Shared.Return(Values, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<TOut>());
    }
}
