using System.Buffers;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Commands;

/// <summary>
/// One subscription to a <see cref="RedisCommand{T}"/>: it is the connection's queue entry, the subscriber's
/// disposable, and a thread-pool work item. The reply is decoded on the reader loop (cheap, and a decoding error
/// fails only this command), then delivered to the observer on the thread pool, so an observer that blocks in
/// <c>OnNext</c> never holds up other replies. Exactly one of OnNext+OnCompleted or OnError is delivered, unless
/// the subscription was disposed first, in which case nothing is.
/// </summary>
internal sealed class CommandSubscription<T> : PendingCommand, IDisposable, IThreadPoolWorkItem
{
    private readonly RedisCommand<T> _command;
    private IObserver<T>? _observer;
    private T? _value;
    private Exception? _error;

    public CommandSubscription(RedisCommand<T> command, IObserver<T> observer)
    {
        _command = command;
        _observer = observer;
    }

    public override string Name => _command.Info.Name;

    public override void Write(IBufferWriter<byte> output) => _command.WriteTo(output);

    public override void OnReply(in RespValue reply, int index)
    {
        if (reply.IsError)
        {
            _error = new RedisServerException(reply.AsString() ?? "", Name);
        }
        else
        {
            try
            {
                _value = _command.Decode(reply);
            }
            catch (Exception e)
            {
                _error = new RedisException($"The reply to {Name} ({reply.Type}) could not be read: {e.Message}", CommandOutcome.Unknown, e);
            }
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public override void OnFailure(Exception error)
    {
        _error = error;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void Execute()
    {
        var observer = Interlocked.Exchange(ref _observer, null);
        if (observer is null)
        {
            return;
        }
        if (_error is { } error)
        {
            observer.OnError(error);
            return;
        }
        observer.OnNext(_value!);
        observer.OnCompleted();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _observer, null) is not null)
        {
            Abandon();
        }
    }
}
