using System.Reactive.Linq;
using RxRedis.Commands;
using RxRedis.Resilience;

namespace RxRedis.IntegrationTests.Streams;

/// <summary>Adds up the replies of every XACK a client sends: how many entries it removed from pending lists.</summary>
internal sealed class AckCounter : IRedisHook
{
    private long _acked;

    public long Acked => Interlocked.Read(ref _acked);

    public IObservable<T> Process<T>(CommandInfo command, IObservable<T> inner) =>
        command.Name == "XACK" ? inner.Do(n => Interlocked.Add(ref _acked, Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture))) : inner;
}
