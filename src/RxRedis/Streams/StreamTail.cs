using System.Reactive.Threading.Tasks;

namespace RxRedis.Streams;

/// <summary>
/// One subscription to <see cref="RedisClient.TailStream"/>: <c>XREAD COUNT n BLOCK ms STREAMS key id</c> in a loop,
/// each read after the last id delivered. <c>$</c> is resolved to the stream's newest id once, before the first
/// read: re-sending <c>$</c> after an empty (timed-out) read would skip entries added between two reads.
/// https://redis.io/docs/latest/commands/xread/
/// </summary>
internal sealed class StreamTail(RedisClient client, RedisKey stream, RedisValue startId, StreamTailOptions options, IObserver<StreamEntry> observer)
    : StreamLoop<StreamEntry>(client, options.GiveUpAfter, observer)
{
    private static readonly RedisValue Newest = "$";
    private RedisValue _lastId = startId;

    protected override async Task StepAsync(CancellationToken cancellationToken)
    {
        if (_lastId == Newest)
        {
            var newest = await Client.XRevRange(stream, "+", "-", count: 1).ToTask(cancellationToken).ConfigureAwait(false);
            _lastId = newest.Length == 0 ? "0-0" : newest[0].Id;
        }
        var read = new StreamReadOptions { Count = options.BatchSize, Block = options.Block };
        var result = await Client.XRead([new(stream, _lastId)], read).ToTask(cancellationToken).ConfigureAwait(false);
        foreach (var entries in result)
        {
            foreach (var entry in entries.Entries)
            {
                if (!Deliver(entry))
                {
                    return;
                }
                _lastId = entry.Id;
            }
        }
    }

    protected override Exception Describe(Exception error) =>
        new RedisStreamConsumerException($"The tail of stream '{stream}' stopped: {error.Message}", error);
}
