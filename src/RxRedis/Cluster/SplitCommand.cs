using System.Reactive.Disposables;
using RxRedis.Commands;

namespace RxRedis.Cluster;

/// <summary>
/// A command a cluster runs as several parts, one per slot or per primary, presented as one cold observable: each
/// subscription builds and subscribes every part at once (parts for one node pipeline on its connection), and when
/// all have answered yields the merged result; the first part to fail fails the whole and disposes the rest, as
/// does disposing the subscription. Each part is an ordinary command, so it runs the process hooks and follows its
/// own redirects and retries.
/// </summary>
internal sealed class SplitCommand<TPart, T> : RedisObservable<T>
{
    private readonly Func<IReadOnlyList<RedisCommand<TPart>>> _parts;
    private readonly Func<TPart[], T> _merge;

    /// <param name="parts">Builds the parts, per subscription (a fan-out reads the primaries as they are then).</param>
    /// <param name="merge">Combines the parts' results, given in the parts' order.</param>
    public SplitCommand(Func<IReadOnlyList<RedisCommand<TPart>>> parts, Func<TPart[], T> merge)
    {
        _parts = parts;
        _merge = merge;
    }

    public override IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return new Gather(this, observer).Start();
    }

    private protected override IAwaitedReply<T> Await()
    {
        var observer = new AwaitObserver<T>();
        new Gather(this, observer).Start();
        return observer;
    }

    /// <summary>One subscription: the parts' results by index, and who ends the whole.</summary>
    private sealed class Gather(SplitCommand<TPart, T> command, IObserver<T> observer) : IDisposable
    {
        private readonly CompositeDisposable _subscriptions = [];
        private IObserver<T>? _observer = observer;
        private TPart[] _results = [];
        private int _remaining;

        public Gather Start()
        {
            IReadOnlyList<RedisCommand<TPart>> parts;
            try
            {
                parts = command._parts();
            }
            catch (Exception e)
            {
                Fail(e);
                return this;
            }
            _results = new TPart[parts.Count];
            _remaining = parts.Count;
            // A part that fails at once (a hook threw) ends the whole, and the parts after it are not sent.
            for (var i = 0; i < parts.Count && Volatile.Read(ref _observer) is not null; i++)
            {
                _subscriptions.Add(parts[i].Subscribe(new Part(this, i)));
            }
            return this;
        }

        private void OnPart(int index, TPart value)
        {
            _results[index] = value;
            if (Interlocked.Decrement(ref _remaining) != 0 || Interlocked.Exchange(ref _observer, null) is not { } target)
            {
                return;
            }
            T merged;
            try
            {
                merged = command._merge(_results);
            }
            catch (Exception e)
            {
                target.OnError(e);
                return;
            }
            target.OnNext(merged);
            target.OnCompleted();
        }

        private void Fail(Exception error)
        {
            if (Interlocked.Exchange(ref _observer, null) is { } target)
            {
                _subscriptions.Dispose();
                target.OnError(error);
            }
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _observer, null);
            _subscriptions.Dispose();
        }

        private sealed class Part(Gather gather, int index) : IObserver<TPart>
        {
            private TPart? _value;

            public void OnNext(TPart value) => _value = value;

            public void OnError(Exception error) => gather.Fail(error);

            public void OnCompleted() => gather.OnPart(index, _value!);
        }
    }
}
