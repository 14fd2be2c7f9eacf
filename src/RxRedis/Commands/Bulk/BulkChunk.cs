using System.Buffers;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Commands.Bulk;

/// <summary>
/// Up to <c>ChunkSize</c> commands of a bulk operation as one connection queue entry: written back to back, taking
/// one reply each. Replies are decoded on the reader loop into pooled arrays; the operation delivers them in order
/// and then returns the arrays. One object per chunk, none per item.
/// </summary>
internal sealed class BulkChunk<TIn, TItem, TOut> : PendingCommand
{
    private readonly BulkOperation<TIn, TItem, TOut> _operation;
    private Exception?[]? _errors;

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
        if (reply.IsError)
        {
            SetError(index, ReplyDecoding.ServerError(reply, Name));
        }
        else
        {
            try
            {
                Values[index] = _operation.Codec.Decode(reply, Items[index]);
            }
            catch (Exception e)
            {
                SetError(index, ReplyDecoding.Unreadable(reply, Name, e));
            }
        }
        if (index == Count - 1 && TryFinish())
        {
            _operation.OnChunkDone(this);
        }
        return true;
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

    private void SetError(int index, Exception error) => (_errors ??= new Exception?[Count])[index] = error;

    /// <summary>Gives the pooled arrays back (clearing references so the pool holds no user data alive).</summary>
    public void Release()
    {
        ArrayPool<TItem>.Shared.Return(Items, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<TItem>());
        ArrayPool<TOut>.Shared.Return(Values, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<TOut>());
    }
}
