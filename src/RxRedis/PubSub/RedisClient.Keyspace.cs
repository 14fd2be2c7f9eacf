using System.Buffers;
using System.Globalization;
using System.Reactive;
using System.Reactive.Linq;
using RxRedis.Commands;
using RxRedis.Protocol;

namespace RxRedis;

// Keyspace notifications: https://redis.io/docs/latest/develop/use/keyspace-notifications/
public sealed partial class RedisClient
{
    // Event classes of notify-keyspace-events; K (keyspace channel) plus at least one of these publishes something.
    private static readonly SearchValues<char> EventClasses = SearchValues.Create("Ag$lshzxetmdn");

    /// <summary>
    /// The events of keys matching <paramref name="keyPattern"/> in a database, from the
    /// <c>__keyspace@db__:key</c> channels, as a hot, reference-counted <see cref="RedisSubscription{T}"/>. On
    /// subscribe it first reads <c>notify-keyspace-events</c>: when the server does not publish keyspace events the
    /// stream fails with <see cref="KeyspaceNotificationsDisabledException"/>, unless
    /// <paramref name="enableOnServer"/> is set, in which case it adds <c>KA</c> to the setting (server-wide).
    /// </summary>
    /// <param name="keyPattern">A glob-style key pattern, e.g. <c>user:*</c>.</param>
    /// <param name="database">The database; default the client's <see cref="RedisOptions.Database"/>.</param>
    /// <param name="enableOnServer">Turn keyspace events on with <c>CONFIG SET</c> when they are off.</param>
    /// <param name="buffer">Each subscriber's buffer size and overflow policy.</param>
    [RedisCommand("PSUBSCRIBE", "CONFIG")]
    public RedisSubscription<KeyEvent> KeyEvents(string keyPattern = "*", int? database = null, bool enableOnServer = false, SubscriberBufferOptions? buffer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPattern);
        var db = database ?? Options.Database;
        ArgumentOutOfRangeException.ThrowIfNegative(db, nameof(database));
        buffer ??= SubscriberBufferOptions.Default;
        buffer.Validate();
        var prefix = $"__keyspace@{db.ToString(CultureInfo.InvariantCulture)}__:";
        return new RedisSubscription<KeyEvent>(
            Hub,
            Options.Callbacks,
            SubscriptionKind.Pattern,
            prefix + keyPattern,
            m => new KeyEvent(m.Channel[prefix.Length..], m.Payload.ToString(), db),
            buffer,
            EnsureKeyspaceEvents(enableOnServer));
    }

    private IObservable<Unit> EnsureKeyspaceEvents(bool enable) =>
        Command(CommandTable.Lookup("CONFIG"), ReplyDecoders.Raw, "GET", "notify-keyspace-events")
            .SelectMany(reply =>
            {
                // CONFIG GET answers a map (RESP3) or a flat array (RESP2): name, value.
                var flags = reply.Count == 2 ? reply[1].AsString() ?? "" : "";
                if (flags.Contains('K', StringComparison.Ordinal) && flags.AsSpan().ContainsAny(EventClasses))
                {
                    return Observable.Return(Unit.Default);
                }
                if (!enable)
                {
                    return Observable.Throw<Unit>(new KeyspaceNotificationsDisabledException(flags));
                }
                var merged = new string([.. flags.Union("KA")]);
                return Command(CommandTable.Lookup("CONFIG"), ReplyDecoders.Ok, "SET", "notify-keyspace-events", merged);
            });
}
