using System.Reactive.Threading.Tasks;

namespace RxRedis.Streams;

/// <summary>
/// One subscription to <see cref="RedisClient.ConsumeStream"/>. It first re-reads the consumer's own pending list
/// (<c>XREADGROUP ... 0</c>, page by page) so a restarted consumer finishes what it had not acknowledged, then reads
/// new entries (<c>XREADGROUP ... BLOCK ... &gt;</c>) on a dedicated connection. The next read is sent only after
/// <c>OnNext</c> has returned for every entry of the batch and, with auto-ack, its <c>XACK</c> was answered: that is
/// the back-pressure. A claim loop (<see cref="StreamConsumer"/>.Claim) may deliver claimed entries in between;
/// the gate keeps the two from delivering at once or delivering one entry twice.
/// https://redis.io/docs/latest/develop/data-types/streams/#consumer-groups
/// </summary>
internal sealed partial class StreamConsumer : StreamLoop<StreamMessage>
{
    // Where a history read starts: the beginning of this consumer's pending list.
    private static readonly RedisValue PendingStart = "0-0";
    private static readonly RedisValue NewEntries = ">";

    private readonly RedisKey _stream;
    private readonly RedisValue _group;
    private readonly RedisValue _consumer;
    private readonly StreamConsumerOptions _options;

    // Held while reading the pending list, claiming, delivering and acknowledging; not while blocked on new entries.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _prepared;
    private bool _readingPending = true;
    private RedisValue _pendingCursor = PendingStart;
    private int _recoverPending;

    public StreamConsumer(RedisClient client, RedisKey stream, RedisValue group, RedisValue consumer, StreamConsumerOptions options, IObserver<StreamMessage> observer)
        : base(client, options.GiveUpAfter, observer)
    {
        _stream = stream;
        _group = group;
        _consumer = consumer;
        _options = options;
    }

    public override void Start()
    {
        StartClaiming(); // the first tick is one ClaimInterval after Subscribe, on the scheduler
        base.Start();
    }

    protected override async Task StepAsync(CancellationToken cancellationToken)
    {
        if (!_prepared)
        {
            await PrepareAsync(cancellationToken).ConfigureAwait(false);
            _prepared = true;
        }
        if (Interlocked.Exchange(ref _recoverPending, 0) == 1)
        {
            RestartPendingRead();
        }
        if (_readingPending)
        {
            await ReadPendingAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        var block = new StreamReadOptions { Count = _options.BatchSize, Block = _options.Block };
        var entries = Entries(await Client.XReadGroup(_group, _consumer, [new(_stream, NewEntries)], block).ToTask(cancellationToken).ConfigureAwait(false));
        if (entries.Count == 0)
        {
            return; // the block timed out: read again
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DeliverBatchAsync(entries, StreamDelivery.New, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// XREADGROUP with <c>&gt;</c> is not idempotent: a read whose reply was lost may still have moved entries into
    /// this consumer's pending list, where nobody would deliver them. So after any failure the next read starts over
    /// from the pending list (<c>0</c>) rather than resending <c>&gt;</c>: those entries are delivered as
    /// <see cref="StreamDelivery.Pending"/> instead of being lost.
    /// </summary>
    protected override void OnTransientFailure() => RestartPendingRead();

    protected override Exception Describe(Exception error) => error switch
    {
        RedisServerException { Prefix: "NOGROUP" } => new RedisStreamConsumerException(
            $"The consumer group '{_group}' of stream '{_stream}' does not exist (or the stream does not). Create it with XGroupCreate, "
            + "or set StreamConsumerOptions.CreateGroup. Server said: " + ((RedisServerException)error).ServerMessage, error),
        _ => new RedisStreamConsumerException($"Consumer '{_consumer}' of group '{_group}' on stream '{_stream}' stopped: {error.Message}", error),
    };

    private void RestartPendingRead()
    {
        _readingPending = true;
        _pendingCursor = PendingStart;
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (!_options.CreateGroup)
        {
            return;
        }
        try
        {
            await Client.XGroupCreate(_stream, _group, _options.StartId, makeStream: true).ToTask(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Prefix == "BUSYGROUP")
        {
            // The group exists already (another consumer, or an earlier run, created it): use it as it is.
        }
    }

    /// <summary>
    /// One page of this consumer's pending list after <see cref="_pendingCursor"/>. History reads never block, so
    /// this runs on the shared connection; an empty page ends the pending phase.
    /// </summary>
    private async Task ReadPendingAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var page = new StreamReadOptions { Count = _options.BatchSize };
            var entries = Entries(await Client.XReadGroup(_group, _consumer, [new(_stream, _pendingCursor)], page).ToTask(cancellationToken).ConfigureAwait(false));
            if (entries.Count == 0)
            {
                _readingPending = false;
                return;
            }
            _pendingCursor = entries[^1].Id;
            await DeliverBatchAsync(entries, StreamDelivery.Pending, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Delivers a batch in order; with auto-ack, acknowledges in one <c>XACK</c> every entry whose <c>OnNext</c>
    /// returned, also when the batch was cut short by dispose or a subscriber exception. A pending entry with no
    /// fields was deleted from the stream after delivery: there is nothing to process, so it is only acknowledged.
    /// </summary>
    private async Task DeliverBatchAsync(IReadOnlyList<StreamEntry> entries, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        var done = new List<RedisValue>(entries.Count);
        SubscriberException? subscriberError = null;
        try
        {
            foreach (var entry in entries)
            {
                if (entry.Fields.Count == 0)
                {
                    done.Add(entry.Id);
                    continue;
                }
                if (!Deliver(new StreamMessage(Client, _stream, _group, entry, delivery)))
                {
                    break;
                }
                if (_options.AutoAck)
                {
                    done.Add(entry.Id);
                }
            }
        }
        catch (SubscriberException e)
        {
            subscriberError = e;
        }
        if (done.Count > 0 && subscriberError is null && !IsOver)
        {
            await Client.XAck(_stream, _group, [.. done]).ToTask(cancellationToken).ConfigureAwait(false);
        }
        else if (done.Count > 0)
        {
            await AckStoppingAsync(done).ConfigureAwait(false);
        }
        if (subscriberError is not null)
        {
            throw subscriberError;
        }
    }

    /// <summary>
    /// The subscription is ending: still acknowledge what was processed, but a failure has nobody left to tell.
    /// Those entries then stay pending and are delivered again (pending read or claim), as at-least-once allows.
    /// </summary>
    private async Task AckStoppingAsync(List<RedisValue> ids)
    {
        try
        {
            await Client.XAck(_stream, _group, [.. ids]).ToTask().ConfigureAwait(false);
        }
        catch (RedisException)
        {
        }
    }

    private IReadOnlyList<StreamEntry> Entries(StreamEntries[] read)
    {
        foreach (var stream in read)
        {
            if (stream.Key == _stream)
            {
                return stream.Entries;
            }
        }
        return [];
    }
}
