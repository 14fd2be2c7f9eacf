using RxRedis.Connection;

namespace RxRedis.PubSub;

/// <summary>
/// A subscriber's bounded buffer and its delivery loop. The reader loop posts into the buffer under a short lock;
/// a thread-pool work item drains it, one at a time, so the observer sees serial calls and a slow observer only
/// ever fills its own buffer. When full, <see cref="OverflowPolicy"/> decides: drop the oldest (counted) or end
/// the subscriber with <see cref="RedisSubscriberOverflowException"/>.
/// </summary>
internal sealed class SubscriberQueue<T> : ISubscriberSink, IThreadPoolWorkItem, IDisposable
{
    // Messages delivered per work item before yielding the thread, so many busy subscribers share the pool fairly.
    private const int BatchSize = 256;

    private readonly Queue<RedisMessage> _buffer = new();
    private readonly SubscriberBufferOptions _options;
    private readonly Func<RedisMessage, T> _select;
    private readonly Action<long> _onDropped;
    private readonly string _channel;
    private readonly Diagnostics.CallbackGuard _callbacks;
    private readonly string _source; // the subscription kind, for CallbackErrors (channel names stay out of reports)
    private IObserver<T>? _observer;
    private Exception? _error;
    private bool _completed;
    private bool _scheduled;

    public SubscriberQueue(IObserver<T> observer, Diagnostics.CallbackGuard callbacks, Func<RedisMessage, T> select, SubscriberBufferOptions options, string source, string channel, Action<long> onDropped)
    {
        _observer = observer;
        _callbacks = callbacks;
        _source = source;
        _select = select;
        _options = options;
        _channel = channel;
        _onDropped = onDropped;
    }

    /// <summary>Called once the subscriber has ended by itself (error or overflow), to detach it from its channel.</summary>
    public Action? Detach { get; set; }

    public void Post(RedisMessage message)
    {
        lock (_buffer)
        {
            if (_observer is null || _error is not null || _completed)
            {
                return;
            }
            if (_buffer.Count >= _options.Capacity)
            {
                if (_options.Overflow == OverflowPolicy.Fail)
                {
                    _buffer.Clear();
                    _error = new RedisSubscriberOverflowException(_channel, _options.Capacity);
                    ScheduleLocked();
                    return;
                }
                _buffer.Dequeue();
                _onDropped(1);
            }
            _buffer.Enqueue(message);
            ScheduleLocked();
        }
    }

    public void Fail(Exception error)
    {
        lock (_buffer)
        {
            _buffer.Clear();
            _error ??= error;
            ScheduleLocked();
        }
    }

    public void Complete()
    {
        lock (_buffer)
        {
            _completed = true;
            ScheduleLocked();
        }
    }

    private void ScheduleLocked()
    {
        if (!_scheduled && _observer is not null)
        {
            _scheduled = true;
            DeliveryBatch.Post(this);
        }
    }

    public void Execute()
    {
        for (var delivered = 0; ; delivered++)
        {
            IObserver<T>? observer;
            RedisMessage? message = null;
            Exception? error = null;
            lock (_buffer)
            {
                observer = _observer;
                if (observer is null || delivered == BatchSize)
                {
                    _scheduled = false;
                    if (observer is not null)
                    {
                        ScheduleLocked();
                    }
                    return;
                }
                if (!_buffer.TryDequeue(out message))
                {
                    if (_error is null && !_completed)
                    {
                        _scheduled = false;
                        return;
                    }
                    error = _error;
                    _observer = null;
                }
            }
            if (message is null)
            {
                End(observer, error);
                return;
            }
            T value;
            try
            {
                value = _select(message);
            }
            catch (Exception e)
            {
                Fail(e);
                continue;
            }
            if (!_callbacks.OnNext(observer, value, _source))
            {
                Dispose(); // this subscriber ends, told nothing more; the channel's others keep receiving
                Detach?.Invoke();
                return;
            }
        }
    }

    private void End(IObserver<T> observer, Exception? error)
    {
        Detach?.Invoke();
        if (error is null)
        {
            _callbacks.OnCompleted(observer, _source);
        }
        else
        {
            _callbacks.OnError(observer, error, _source);
        }
    }

    public void Dispose()
    {
        lock (_buffer)
        {
            _observer = null;
            _buffer.Clear();
        }
    }
}
