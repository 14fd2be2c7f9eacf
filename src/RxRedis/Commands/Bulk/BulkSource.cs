using System.Threading.Channels;

namespace RxRedis.Commands.Bulk;

/// <summary>Where a bulk operation reads its input: pulled from an enumerable, or pushed by an observable.</summary>
internal abstract class BulkSource<TIn> : IDisposable
{
    /// <summary>
    /// Adds what is available now (at least one item, waiting if needed) up to <paramref name="max"/>; false when
    /// the input is exhausted. Stopping when nothing more is ready lets a slow source's items go out at once.
    /// </summary>
    public abstract ValueTask<bool> FillAsync(Action<TIn> add, int max, CancellationToken cancellationToken);

    /// <summary>Stops taking input; safe from any thread while <see cref="FillAsync"/> runs.</summary>
    public abstract void Cancel();

    /// <summary>Called by the producer when it is done with the source.</summary>
    public abstract void Dispose();

    public static BulkSource<TIn> From(IEnumerable<TIn> items) => new EnumerableSource(items.GetEnumerator());

    public static BulkSource<TIn> From(IObservable<TIn> items, int capacity) => new ObservableSource(items, capacity);

    private sealed class EnumerableSource(IEnumerator<TIn> enumerator) : BulkSource<TIn>
    {
        public override ValueTask<bool> FillAsync(Action<TIn> add, int max, CancellationToken cancellationToken)
        {
            var added = 0;
            while (added < max && enumerator.MoveNext())
            {
                add(enumerator.Current);
                added++;
            }
            return ValueTask.FromResult(added > 0);
        }

        public override void Cancel()
        {
            // The producer checks its cancellation between chunks; the enumerator is only touched by it.
        }

        public override void Dispose() => enumerator.Dispose();
    }

    /// <summary>
    /// An observable cannot be asked to slow down, so its items go through a bounded channel and <c>OnNext</c>
    /// blocks the producing thread while the channel is full: that is the back-pressure that bounds memory.
    /// </summary>
    private sealed class ObservableSource : BulkSource<TIn>, IObserver<TIn>
    {
        private readonly Channel<TIn> _channel;
        private readonly System.Reactive.Disposables.SingleAssignmentDisposable _subscription = new();

        public ObservableSource(IObservable<TIn> items, int capacity)
        {
            _channel = Channel.CreateBounded<TIn>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
            // Subscribed off the caller's thread: a source that emits synchronously inside Subscribe would otherwise
            // block in OnNext on a full channel before the operation that drains it has started.
            _ = Task.Run(() =>
            {
                try
                {
                    _subscription.Disposable = items.Subscribe(this);
                }
                catch (Exception e)
                {
                    _channel.Writer.TryComplete(e); // a source that throws on Subscribe fails the bulk operation
                }
            });
        }

        public void OnNext(TIn value)
        {
            if (_channel.Writer.TryWrite(value))
            {
                return;
            }
            try
            {
                // Blocking is the point here: the source waits until the window has room.
                _channel.Writer.WriteAsync(value).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                // The operation stopped (disposed, or failed): later items are not wanted.
            }
        }

        public void OnError(Exception error) => _channel.Writer.TryComplete(error);

        public void OnCompleted() => _channel.Writer.TryComplete();

        public override async ValueTask<bool> FillAsync(Action<TIn> add, int max, CancellationToken cancellationToken)
        {
            var reader = _channel.Reader;
            if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.Completion.ConfigureAwait(false); // rethrows the source's error
                return false;
            }
            var added = 0;
            while (added < max && reader.TryRead(out var item))
            {
                add(item);
                added++;
            }
            return true;
        }

        public override void Dispose() => Cancel();

        public override void Cancel()
        {
            _subscription.Dispose();
            _channel.Writer.TryComplete();
            while (_channel.Reader.TryRead(out _))
            {
                // drain so a producer blocked in OnNext is released
            }
        }
    }
}
