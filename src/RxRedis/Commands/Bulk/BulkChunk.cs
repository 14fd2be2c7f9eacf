using System.Buffers;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Commands.Bulk;

/// <summary>
/// Up to <c>ChunkSize</c> commands of a bulk operation as one connection queue entry: written back to back, taking
/// one reply each. Replies are decoded on the reader loop into pooled arrays; the operation delivers them in order
/// and then returns the arrays. One object per chunk, none per item. In a cluster the chunk is not queued itself:
/// its items go out as <see cref="BulkPart{TIn, TItem, TOut}"/>s, one per node, which fill it in and count it down.
/// </summary>
internal sealed class BulkChunk<TIn, TItem, TOut> : PendingCommand
{
    private readonly BulkOperation<TIn, TItem, TOut> _operation;
    private Exception?[]? _errors;
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
        Accept(reply, index);
        if (index == Count - 1 && TryFinish())
        {
            _operation.OnChunkDone(this);
        }
        return true;
    }

    /// <summary>Decodes the reply of item <paramref name="index"/> into its result or error.</summary>
    public void Accept(in RespValue reply, int index)
    {
        if (reply.IsError)
        {
            SetError(index, ReplyDecoding.ServerError(reply, Name));
            return;
        }
        try
        {
            Values[index] = _operation.Codec.Decode(reply, Items[index]);
        }
        catch (Exception e)
        {
            SetError(index, ReplyDecoding.Unreadable(reply, Name, e));
        }
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

    public override void OnFailure(Exception error)
    {
        if (!TryFinish())
        {
            return;
        }
        _errors = new Exception?[Count];
        Array.Fill(_errors, error);
        _operation.OnChunkDone(this);
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
