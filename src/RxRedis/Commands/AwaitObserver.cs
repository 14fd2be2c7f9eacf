using System.Runtime.ExceptionServices;

namespace RxRedis.Commands;

/// <summary>
/// The observer an <c>await</c> subscribes when process hooks wrap the command: it keeps the last value (as Rx's
/// awaiter does) or the error, and runs the continuation when the hooked observable ends.
/// </summary>
internal sealed class AwaitObserver<T> : IObserver<T>, IAwaitedReply<T>
{
    private ReplyCompletion _completion;
    private T? _value;
    private bool _hasValue;
    private Exception? _error;

    public bool IsCompleted => _completion.IsCompleted;

    public T GetResult()
    {
        _completion.Wait();
        if (_error is not null)
        {
            ExceptionDispatchInfo.Throw(_error);
        }
        return _hasValue ? _value! : throw new InvalidOperationException("Sequence contains no elements.");
    }

    public void OnCompleted(Action continuation) => _completion.OnCompleted(continuation);

    public void OnNext(T value)
    {
        _value = value;
        _hasValue = true;
    }

    public void OnError(Exception error)
    {
        _error = error;
        _completion.Complete();
    }

    public void OnCompleted() => _completion.Complete();
}
