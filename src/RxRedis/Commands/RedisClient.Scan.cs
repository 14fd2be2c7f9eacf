using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Runtime.CompilerServices;
using RxRedis.Commands;
using RxRedis.Protocol;

namespace RxRedis;

// Cursor iteration: https://redis.io/docs/latest/commands/scan/. Each page is fetched only after every element of
// the previous one was handed to the consumer (OnNext returned, or the async enumerator asked for more), so a slow
// or stopped consumer never makes the client buffer pages. Disposing (or breaking out) stops the iteration. In a
// cluster SCAN walks every primary in turn (each node has its own cursor); HSCAN/SSCAN/ZSCAN go to their key's node.
public sealed partial class RedisClient
{
    /// <summary>
    /// <c>SCAN cursor [MATCH] [COUNT] [TYPE]</c> as a stream of keys; a key may appear twice if the keyspace is
    /// rehashed meanwhile. In a cluster it scans every primary (as the slot map has them when it starts), one after
    /// the other; a slot moved between primaries during the scan may make its keys appear twice or not at all.
    /// </summary>
    [RedisCommand("SCAN")]
    public IObservable<RedisKey> Scan(ScanOptions? options = null) => ToObservable(ScanAsync(options));

    /// <summary><c>SCAN</c> as an async sequence (in a cluster, over every primary).</summary>
    [RedisCommand("SCAN")]
    public IAsyncEnumerable<RedisKey> ScanAsync(ScanOptions? options = null)
    {
        ScanPrefix(default, options, allowType: true);
        return _cluster is null ? Iterate(null, CommandTable.Scan, default, ScanKeys, options) : ScanPrimaries(_cluster, options);
    }

    private static readonly Func<RespValue, RedisKey[]> ScanKeys = static r => ReplyDecoders.Map(r, static k => RedisKey.FromResp(k));

    private async IAsyncEnumerable<RedisKey> ScanPrimaries(Cluster.ClusterRouter cluster, ScanOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var primary in cluster.Topology.Primaries)
        {
            await foreach (var key in Iterate(cluster.Node(primary), CommandTable.Scan, default, ScanKeys, options, cancellationToken).ConfigureAwait(false))
            {
                yield return key;
            }
        }
    }

    /// <summary><c>HSCAN key cursor [MATCH] [COUNT]</c> as a stream of fields and values.</summary>
    [RedisCommand("HSCAN")]
    public IObservable<KeyValuePair<RedisValue, RedisValue>> HScan(RedisKey key, ScanOptions? options = null) => ToObservable(HScanAsync(key, options));

    /// <summary><c>HSCAN</c> as an async sequence.</summary>
    [RedisCommand("HSCAN")]
    public IAsyncEnumerable<KeyValuePair<RedisValue, RedisValue>> HScanAsync(RedisKey key, ScanOptions? options = null) =>
        Iterate(null, CommandTable.HScan, ScanPrefix(Arguments.Key(key, nameof(key)), options, allowType: false), static r => ReplyDecoders.ValuePairs(r), options);

    /// <summary><c>SSCAN key cursor [MATCH] [COUNT]</c> as a stream of members.</summary>
    [RedisCommand("SSCAN")]
    public IObservable<RedisValue> SScan(RedisKey key, ScanOptions? options = null) => ToObservable(SScanAsync(key, options));

    /// <summary><c>SSCAN</c> as an async sequence.</summary>
    [RedisCommand("SSCAN")]
    public IAsyncEnumerable<RedisValue> SScanAsync(RedisKey key, ScanOptions? options = null) =>
        Iterate(null, CommandTable.SScan, ScanPrefix(Arguments.Key(key, nameof(key)), options, allowType: false), static r => ReplyDecoders.Map(r, static m => RedisValue.FromResp(m)), options);

    /// <summary><c>ZSCAN key cursor [MATCH] [COUNT]</c> as a stream of members with scores.</summary>
    [RedisCommand("ZSCAN")]
    public IObservable<SortedSetEntry> ZScan(RedisKey key, ScanOptions? options = null) => ToObservable(ZScanAsync(key, options));

    /// <summary><c>ZSCAN</c> as an async sequence.</summary>
    [RedisCommand("ZSCAN")]
    public IAsyncEnumerable<SortedSetEntry> ZScanAsync(RedisKey key, ScanOptions? options = null) =>
        Iterate(null, CommandTable.ZScan, ScanPrefix(Arguments.Key(key, nameof(key)), options, allowType: false), static r => ReplyDecoders.SortedSetEntries(r), options);

    // Checked at the call, before any iteration starts.
    private static RedisValue ScanPrefix(RedisValue key, ScanOptions? options, bool allowType)
    {
        if (options?.Type is not null && !allowType)
        {
            throw new ArgumentException("TYPE applies to SCAN only.", nameof(options));
        }
        if (options?.Count is { } count)
        {
            Arguments.Positive(count, nameof(options));
        }
        return key;
    }

    // node: the one node to scan (a cluster's SCAN), else the command is routed as any other.
    private async IAsyncEnumerable<T> Iterate<T>(Connection.RedisConnection? node, CommandInfo info, RedisValue key, Func<RespValue, T[]> page, ScanOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RedisValue cursor = "0";
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var args = new ArgumentList(8).AddIf(!key.IsNull, key).Add(cursor)
                .AddIf(options?.Match is not null, "MATCH", options?.Match)
                .AddIf(options?.Count is not null, "COUNT", options?.Count ?? 0)
                .AddIf(options?.Type is not null, "TYPE", options?.Type);
            var command = node is null ? Command(info, ReplyDecoders.Raw, args.ToArray()) : new RedisCommand<RespValue>(node, info, ReplyDecoders.Raw, args.ToArray());
            var reply = await command.ToTask(cancellationToken).ConfigureAwait(false);
            cursor = RedisValue.FromResp(reply[0]);
            foreach (var item in page(reply[1]))
            {
                yield return item;
            }
        }
        while (cursor.ToString() != "0");
    }

    // A throwing OnNext ends the scan without OnError or OnCompleted (see CallbackErrors).
    private IObservable<T> ToObservable<T>(IAsyncEnumerable<T> source) => Options.Callbacks.PerSubscriber(Observable.Create<T>(async (observer, cancellationToken) =>
    {
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            observer.OnNext(item);
        }
    }), "SCAN");
}
