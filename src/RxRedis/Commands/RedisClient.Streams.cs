using System.Reactive;
using RxRedis.Commands;

namespace RxRedis;

// Stream commands: https://redis.io/docs/latest/commands/?group=stream
public sealed partial class RedisClient
{
    /// <summary><c>XACK key group id [id ...]</c>: how many entries were acknowledged.</summary>
    [RedisCommand("XACK")]
    public RedisObservable<long> XAck(RedisKey key, RedisValue group, params RedisValue[] ids) =>
        Command(CommandTable.XAck, ReplyDecoders.Int64, new ArgumentList().Key(key, nameof(key)).Value(group, nameof(group)).Values(ids, nameof(ids)).ToArray());

    /// <summary><c>XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value ...</c>: the new id, or null with NOMKSTREAM when the stream does not exist.</summary>
    [RedisCommand("XADD")]
    public RedisObservable<RedisValue> XAdd(RedisKey key, IEnumerable<KeyValuePair<RedisValue, RedisValue>> fields, XAddOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var args = new ArgumentList(8).Key(key, nameof(key)).AddIf(options?.NoMakeStream == true, "NOMKSTREAM");
        TrimArguments(args, options?.Trim);
        args.Add(options?.Id is { IsNull: false } id ? id : "*");
        var before = args.Count;
        foreach (var (field, value) in fields)
        {
            args.Value(field, nameof(fields)).Value(value, nameof(fields));
        }
        return args.Count > before
            ? Command(CommandTable.XAdd, ReplyDecoders.Value, args.ToArray())
            : throw new ArgumentException("A stream entry needs at least one field.", nameof(fields));
    }

    /// <summary><c>XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]</c>: how many entries were removed.</summary>
    [RedisCommand("XTRIM")]
    public RedisObservable<long> XTrim(RedisKey key, StreamTrim trim)
    {
        ArgumentNullException.ThrowIfNull(trim);
        return Command(CommandTable.XTrim, ReplyDecoders.Int64, TrimArguments(new ArgumentList(6).Key(key, nameof(key)), trim).ToArray());
    }

    private static ArgumentList TrimArguments(ArgumentList args, StreamTrim? trim)
    {
        if (trim is null)
        {
            return args;
        }
        if ((trim.MaxLength is null) == trim.MinId.IsNull)
        {
            throw new ArgumentException("Set exactly one of MaxLength and MinId.", nameof(trim));
        }
        if (trim.Limit is not null && !trim.Approximate)
        {
            throw new ArgumentException("LIMIT needs an approximate (~) trim.", nameof(trim));
        }
        args.Add(trim.MaxLength is null ? "MINID" : "MAXLEN").Add(trim.Approximate ? "~" : "=");
        args.Add(trim.MaxLength is { } max ? Arguments.NonNegative(max, nameof(trim)) : trim.MinId);
        return args.AddIf(trim.Limit is not null, "LIMIT", trim.Limit ?? 0);
    }

    /// <summary><c>XDEL key id [id ...]</c>: how many entries were deleted.</summary>
    [RedisCommand("XDEL")]
    public RedisObservable<long> XDel(RedisKey key, params RedisValue[] ids) =>
        Command(CommandTable.XDel, ReplyDecoders.Int64, new ArgumentList().Key(key, nameof(key)).Values(ids, nameof(ids)).ToArray());

    /// <summary><c>XLEN key</c>: the number of entries.</summary>
    [RedisCommand("XLEN")]
    public RedisObservable<long> XLen(RedisKey key) =>
        Command(CommandTable.XLen, ReplyDecoders.Int64, Arguments.Key(key, nameof(key)));

    /// <summary><c>XRANGE key start end [COUNT count]</c>: entries between the ids (<c>-</c> and <c>+</c> for the ends, <c>(</c> for exclusive).</summary>
    [RedisCommand("XRANGE")]
    public RedisObservable<StreamEntry[]> XRange(RedisKey key, RedisValue start, RedisValue end, long? count = null) =>
        Command(CommandTable.XRange, StreamDecoders.Entries, new ArgumentList(5).Key(key, nameof(key)).Value(start, nameof(start)).Value(end, nameof(end))
            .AddIf(count is not null, "COUNT", count ?? 0).ToArray());

    /// <summary><c>XREVRANGE key end start [COUNT count]</c>: entries between the ids, newest first.</summary>
    [RedisCommand("XREVRANGE")]
    public RedisObservable<StreamEntry[]> XRevRange(RedisKey key, RedisValue end, RedisValue start, long? count = null) =>
        Command(CommandTable.XRevRange, StreamDecoders.Entries, new ArgumentList(5).Key(key, nameof(key)).Value(end, nameof(end)).Value(start, nameof(start))
            .AddIf(count is not null, "COUNT", count ?? 0).ToArray());

    /// <summary>
    /// <c>XREAD [COUNT count] [BLOCK ms] STREAMS key [key ...] id [id ...]</c>: entries after each id (<c>$</c> = only
    /// new ones); empty when a block timed out. With <see cref="StreamReadOptions.Block"/> it runs on a dedicated connection.
    /// </summary>
    [RedisCommand("XREAD")]
    public IObservable<StreamEntries[]> XRead(IReadOnlyList<KeyValuePair<RedisKey, RedisValue>> streams, StreamReadOptions? options = null)
    {
        var args = new ArgumentList(8);
        return ReadStreams(CommandTable.XRead, args, streams, options);
    }

    /// <summary>
    /// <c>XREADGROUP GROUP group consumer [COUNT count] [BLOCK ms] [NOACK] STREAMS key [key ...] id [id ...]</c>:
    /// <c>&gt;</c> reads new entries, any other id re-reads this consumer's pending ones.
    /// </summary>
    [RedisCommand("XREADGROUP")]
    public IObservable<StreamEntries[]> XReadGroup(RedisValue group, RedisValue consumer, IReadOnlyList<KeyValuePair<RedisKey, RedisValue>> streams, StreamReadOptions? options = null)
    {
        var args = new ArgumentList(10).Add("GROUP").Value(group, nameof(group)).Value(consumer, nameof(consumer));
        return ReadStreams(CommandTable.XReadGroup, args, streams, options);
    }

    private IObservable<StreamEntries[]> ReadStreams(CommandInfo info, ArgumentList args, IReadOnlyList<KeyValuePair<RedisKey, RedisValue>> streams, StreamReadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(streams);
        if (streams.Count == 0)
        {
            throw new ArgumentException("At least one stream is required.", nameof(streams));
        }
        if (options?.NoAck == true && info != CommandTable.XReadGroup)
        {
            throw new ArgumentException("NOACK applies to XREADGROUP only.", nameof(options));
        }
        var block = options?.Block;
        args.AddIf(options?.Count is not null, "COUNT", options?.Count ?? 0)
            .AddIf(block is not null, "BLOCK", block is { } b ? BlockMilliseconds(b, nameof(options)) : 0)
            .AddIf(options?.NoAck == true, "NOACK")
            .Add("STREAMS");
        foreach (var stream in streams)
        {
            args.Key(stream.Key, nameof(streams));
        }
        foreach (var stream in streams)
        {
            args.Value(stream.Value, nameof(streams));
        }
        return block is { } wait
            ? Blocking(info, StreamDecoders.Read, wait, args.ToArray())
            : Command(info, StreamDecoders.Read, args.ToArray());
    }

    /// <summary><c>XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n]</c>: creates a consumer group.</summary>
    [RedisCommand("XGROUP")]
    public RedisObservable<Unit> XGroupCreate(RedisKey key, RedisValue group, RedisValue startId, bool makeStream = false, long? entriesRead = null) =>
        Command(CommandTable.XGroup, ReplyDecoders.Ok, new ArgumentList(7).Add("CREATE").Key(key, nameof(key)).Value(group, nameof(group)).Value(startId, nameof(startId))
            .AddIf(makeStream, "MKSTREAM").AddIf(entriesRead is not null, "ENTRIESREAD", entriesRead ?? 0).ToArray());

    /// <summary><c>XGROUP SETID key group id|$ [ENTRIESREAD n]</c>: moves the group's last-delivered id.</summary>
    [RedisCommand("XGROUP")]
    public RedisObservable<Unit> XGroupSetId(RedisKey key, RedisValue group, RedisValue id, long? entriesRead = null) =>
        Command(CommandTable.XGroup, ReplyDecoders.Ok, new ArgumentList(6).Add("SETID").Key(key, nameof(key)).Value(group, nameof(group)).Value(id, nameof(id))
            .AddIf(entriesRead is not null, "ENTRIESREAD", entriesRead ?? 0).ToArray());

    /// <summary><c>XGROUP DESTROY key group</c>: true when the group existed.</summary>
    [RedisCommand("XGROUP")]
    public RedisObservable<bool> XGroupDestroy(RedisKey key, RedisValue group) =>
        Command(CommandTable.XGroup, ReplyDecoders.Boolean, "DESTROY", Arguments.Key(key, nameof(key)), Arguments.Value(group, nameof(group)));

    /// <summary><c>XGROUP CREATECONSUMER key group consumer</c>: true when the consumer was created.</summary>
    [RedisCommand("XGROUP")]
    public RedisObservable<bool> XGroupCreateConsumer(RedisKey key, RedisValue group, RedisValue consumer) =>
        Command(CommandTable.XGroup, ReplyDecoders.Boolean, "CREATECONSUMER", Arguments.Key(key, nameof(key)), Arguments.Value(group, nameof(group)), Arguments.Value(consumer, nameof(consumer)));

    /// <summary><c>XGROUP DELCONSUMER key group consumer</c>: how many pending entries the consumer had.</summary>
    [RedisCommand("XGROUP")]
    public RedisObservable<long> XGroupDeleteConsumer(RedisKey key, RedisValue group, RedisValue consumer) =>
        Command(CommandTable.XGroup, ReplyDecoders.Int64, "DELCONSUMER", Arguments.Key(key, nameof(key)), Arguments.Value(group, nameof(group)), Arguments.Value(consumer, nameof(consumer)));

    /// <summary><c>XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [RETRYCOUNT n] [FORCE]</c>: the entries claimed.</summary>
    [RedisCommand("XCLAIM")]
    public RedisObservable<StreamEntry[]> XClaim(RedisKey key, RedisValue group, RedisValue consumer, TimeSpan minIdle, RedisValue[] ids, XClaimOptions? options = null) =>
        Command(CommandTable.XClaim, StreamDecoders.Entries, new ArgumentList(10).Key(key, nameof(key)).Value(group, nameof(group)).Value(consumer, nameof(consumer))
            .Add(Arguments.NonNegative((long)minIdle.TotalMilliseconds, nameof(minIdle))).Values(ids, nameof(ids))
            .AddIf(options?.Idle is not null, "IDLE", (long)(options?.Idle?.TotalMilliseconds ?? 0))
            .AddIf(options?.RetryCount is not null, "RETRYCOUNT", options?.RetryCount ?? 0)
            .AddIf(options?.Force == true, "FORCE").ToArray());

    /// <summary><c>XAUTOCLAIM key group consumer min-idle-time start [COUNT count]</c>: claims idle pending entries from <paramref name="start"/> on.</summary>
    [RedisCommand("XAUTOCLAIM")]
    public RedisObservable<StreamAutoClaimResult> XAutoClaim(RedisKey key, RedisValue group, RedisValue consumer, TimeSpan minIdle, RedisValue start, long? count = null) =>
        Command(CommandTable.XAutoClaim, StreamDecoders.AutoClaim, new ArgumentList(8).Key(key, nameof(key)).Value(group, nameof(group)).Value(consumer, nameof(consumer))
            .Add(Arguments.NonNegative((long)minIdle.TotalMilliseconds, nameof(minIdle))).Value(start, nameof(start))
            .AddIf(count is not null, "COUNT", count ?? 0).ToArray());

    /// <summary><c>XPENDING key group</c>: how many entries are pending, their id range and count per consumer.</summary>
    [RedisCommand("XPENDING")]
    public RedisObservable<StreamPendingSummary> XPending(RedisKey key, RedisValue group) =>
        Command(CommandTable.XPending, StreamDecoders.PendingSummary, Arguments.Key(key, nameof(key)), Arguments.Value(group, nameof(group)));

    /// <summary><c>XPENDING key group [IDLE ms] start end count [consumer]</c>: the pending entries in the id range.</summary>
    [RedisCommand("XPENDING")]
    public RedisObservable<StreamPendingEntry[]> XPending(RedisKey key, RedisValue group, RedisValue start, RedisValue end, long count, RedisValue consumer = default, TimeSpan? minIdle = null) =>
        Command(CommandTable.XPending, StreamDecoders.PendingEntries, new ArgumentList(8).Key(key, nameof(key)).Value(group, nameof(group))
            .AddIf(minIdle is not null, "IDLE", (long)(minIdle?.TotalMilliseconds ?? 0))
            .Value(start, nameof(start)).Value(end, nameof(end)).Add(Arguments.Positive(count, nameof(count)))
            .AddIf(!consumer.IsNull, consumer).ToArray());

    /// <summary><c>XINFO STREAM key</c>: length, first and last entries, groups, ids.</summary>
    [RedisCommand("XINFO")]
    public RedisObservable<RedisRecord> XInfoStream(RedisKey key) =>
        Command(CommandTable.XInfo, ReplyDecoders.Record, "STREAM", Arguments.Key(key, nameof(key)));

    /// <summary><c>XINFO GROUPS key</c>: one record per consumer group.</summary>
    [RedisCommand("XINFO")]
    public RedisObservable<RedisRecord[]> XInfoGroups(RedisKey key) =>
        Command(CommandTable.XInfo, ReplyDecoders.Records, "GROUPS", Arguments.Key(key, nameof(key)));

    /// <summary><c>XINFO CONSUMERS key group</c>: one record per consumer.</summary>
    [RedisCommand("XINFO")]
    public RedisObservable<RedisRecord[]> XInfoConsumers(RedisKey key, RedisValue group) =>
        Command(CommandTable.XInfo, ReplyDecoders.Records, "CONSUMERS", Arguments.Key(key, nameof(key)), Arguments.Value(group, nameof(group)));

    /// <summary><c>XSETID key last-id</c>: sets the stream's last id (for replication and restores).</summary>
    [RedisCommand("XSETID")]
    public RedisObservable<Unit> XSetId(RedisKey key, RedisValue lastId) =>
        Command(CommandTable.XSetId, ReplyDecoders.Ok, Arguments.Key(key, nameof(key)), Arguments.Value(lastId, nameof(lastId)));
}
