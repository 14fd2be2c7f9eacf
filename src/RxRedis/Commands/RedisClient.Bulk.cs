using System.Reactive.Disposables;
using System.Reactive.Linq;
using RxRedis.Commands;
using RxRedis.Commands.Bulk;

namespace RxRedis;

// Pipelined bulk operations (https://redis.io/docs/latest/develop/use/pipelining/): a bounded window of commands
// in flight on the shared connection, results in input order, a failed item reported with its input while the
// rest carry on (unless BulkOptions.StopOnError). Each subscription reads the source once. In a cluster each chunk
// is split per node by its items' slots, and an item answered MOVED or ASK is sent on to the right node.
public sealed partial class RedisClient
{
    /// <summary><c>SET key value</c> for every pair, pipelined; each result says whether the key was written.</summary>
    [RedisCommand("SET")]
    public IObservable<BulkResult<KeyValuePair<RedisKey, RedisValue>, bool>> BulkSet(IEnumerable<KeyValuePair<RedisKey, RedisValue>> items, BulkOptions? options = null) =>
        Bulk(BulkSetCodec.Instance, items, options);

    /// <summary><c>SET</c> for every pair an observable pushes; its <c>OnNext</c> blocks while the window is full.</summary>
    [RedisCommand("SET")]
    public IObservable<BulkResult<KeyValuePair<RedisKey, RedisValue>, bool>> BulkSet(IObservable<KeyValuePair<RedisKey, RedisValue>> items, BulkOptions? options = null) =>
        Bulk(BulkSetCodec.Instance, items, options);

    /// <summary><c>GET key</c> for every key, pipelined; the values (null where missing) in key order.</summary>
    [RedisCommand("GET")]
    public IObservable<BulkResult<RedisKey, RedisValue>> BulkGet(IEnumerable<RedisKey> keys, BulkOptions? options = null) =>
        Bulk(BulkGetCodec.Instance, keys, options);

    /// <summary><c>GET</c> for every key an observable pushes; its <c>OnNext</c> blocks while the window is full.</summary>
    [RedisCommand("GET")]
    public IObservable<BulkResult<RedisKey, RedisValue>> BulkGet(IObservable<RedisKey> keys, BulkOptions? options = null) =>
        Bulk(BulkGetCodec.Instance, keys, options);

    /// <summary>
    /// Any typed command per input, pipelined: <paramref name="command"/> maps an input to a command of this client
    /// (e.g. <c>x =&gt; client.HSet(x.Key, "f", x.Value)</c>). Costs one command object per item; SET and GET have
    /// leaner dedicated forms.
    /// </summary>
    public IObservable<BulkResult<TIn, TOut>> Bulk<TIn, TOut>(IEnumerable<TIn> items, Func<TIn, IObservable<TOut>> command, BulkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Bulk(new BulkCommandCodec<TIn, TOut>(command), items, options);
    }

    /// <summary>Any typed command per item an observable pushes; its <c>OnNext</c> blocks while the window is full.</summary>
    public IObservable<BulkResult<TIn, TOut>> Bulk<TIn, TOut>(IObservable<TIn> items, Func<TIn, IObservable<TOut>> command, BulkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Bulk(new BulkCommandCodec<TIn, TOut>(command), items, options);
    }

    private IObservable<BulkResult<TIn, TOut>> Bulk<TIn, TItem, TOut>(BulkCodec<TIn, TItem, TOut> codec, IEnumerable<TIn> items, BulkOptions? options)
    {
        ArgumentNullException.ThrowIfNull(items);
        var settings = options ?? BulkOptions.Default;
        settings.Validate();
        return Observable.Create<BulkResult<TIn, TOut>>(observer => StartBulk(codec, BulkSource<TIn>.From(items), settings, observer));
    }

    private IObservable<BulkResult<TIn, TOut>> Bulk<TIn, TItem, TOut>(BulkCodec<TIn, TItem, TOut> codec, IObservable<TIn> items, BulkOptions? options)
    {
        ArgumentNullException.ThrowIfNull(items);
        var settings = options ?? BulkOptions.Default;
        settings.Validate();
        return Observable.Create<BulkResult<TIn, TOut>>(observer => StartBulk(codec, BulkSource<TIn>.From(items, settings.ChunkSize * 2), settings, observer));
    }

    private BulkOperation<TIn, TItem, TOut> StartBulk<TIn, TItem, TOut>(BulkCodec<TIn, TItem, TOut> codec, BulkSource<TIn> source, BulkOptions options, IObserver<BulkResult<TIn, TOut>> observer)
    {
        var operation = new BulkOperation<TIn, TItem, TOut>(_router, codec, source, options, observer);
        operation.Start();
        return operation;
    }
}
