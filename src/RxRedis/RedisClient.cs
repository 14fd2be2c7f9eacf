using RxRedis.Cluster;
using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Routing;
using RxRedis.Sentinel;
using RxRedis.Transport;

namespace RxRedis;

/// <summary>
/// A Redis client whose commands are cold <see cref="IObservable{T}"/>s. Nothing is sent until you subscribe (or
/// <c>await</c>); each subscription sends the command once. All callers share one connection, and commands issued
/// together are pipelined into one write. Replies are delivered on the thread pool, never on the connection's
/// reader, so a slow subscriber cannot hold up other commands. Thread-safe. With
/// <see cref="RedisOptions.Cluster"/> enabled the same API runs against a Redis Cluster: each command goes to the
/// node that owns its keys' hash slot.
/// </summary>
/// <example>
/// <code>
/// await using var client = await RedisClient.ConnectAsync("localhost:6379");
/// await client.Set("greeting", "hello");
/// client.Get("greeting").Subscribe(v => Console.WriteLine(v));
/// </code>
/// </example>
public sealed partial class RedisClient : IAsyncDisposable
{
    private readonly RedisConnection _connection;
    private readonly ICommandRouter _router;
    private readonly ClusterRouter? _cluster;
    private readonly IRedisTransport _transport;
    // Blocking commands and WATCH transactions lease from these instead of holding up the shared connection: one
    // pool for one server; in a cluster, the cluster router's pool of the node that owns their keys.
    private readonly IDedicatedRouter _dedicated;
    private readonly SentinelTransport? _sentinel; // follows failovers when the options name a Sentinel service

    private RedisClient(RedisOptions options, RedisConnection connection, IRedisTransport transport, ClusterRouter? cluster, SentinelTransport? sentinel)
    {
        Options = options;
        _connection = connection;
        _cluster = cluster;
        _router = (ICommandRouter?)cluster ?? connection;
        _transport = transport; // pub/sub under RESP2 opens its own connection through it
        _sentinel = sentinel;
        if (cluster is null)
        {
            connection.PushHandler = frame => RoutePush(frame, connection);
        }
        else
        {
            cluster.PushHandler = (node, frame) => RoutePush(frame, node);
        }
        _dedicated = (IDedicatedRouter?)cluster ?? new DedicatedConnectionPool(options, transport, DedicatedConnectionPool.DefaultMaxConnections);
    }

    /// <summary>The cluster router, when connected to a cluster (tests read its slot map).</summary>
    internal ClusterRouter? ClusterRouter => _cluster;

    /// <summary>The lasting connection (in a cluster, the node for keyless commands), for tests that read its counters.</summary>
    internal RedisConnection Connection => _connection;

    /// <summary>The options this client was created with (a copy: changing it has no effect).</summary>
    public RedisOptions Options { get; }

    /// <summary>The protocol the server agreed to (RESP3 unless it fell back to RESP2).</summary>
    public RedisProtocol Protocol => _connection.Protocol;

    /// <summary>
    /// The connection's state changes (connecting, connected, disconnected with the reason, reconnecting with the
    /// attempt and delay, disposed). Replays the current state to each new subscriber. In a cluster this is the state
    /// of one node's connection only: the node that serves commands without keys and classic pub/sub. It is not the
    /// health of the cluster: another node can be down while this says connected (its slots' commands then wait for
    /// the failover within <see cref="ClusterOptions.RetryWhileReconfiguring"/>), and the keyless node can be down
    /// while keyless commands run on another primary.
    /// </summary>
    public IObservable<ConnectionState> ConnectionState => Options.Callbacks.PerSubscriber(_connection.State, nameof(ConnectionState));

    /// <summary>
    /// Exceptions that user code threw into this client, one policy for every observable it returns (commands,
    /// blocking commands, batches, transactions, bulk, pub/sub, keyspace events, <c>Scan</c>, stream consumers and
    /// tails, <see cref="ConnectionState"/>, <c>ClientCache.Invalidations</c>) and for hooks: the exception is caught
    /// (the process and the client survive), logged as <see cref="Diagnostics.RedisLogEvents.CallbackFailed"/> when
    /// <see cref="Diagnostics.RedisDiagnostics"/> has a logger, and published here, on the thread pool. An observer
    /// whose <c>OnNext</c> threw has its subscription ended at once: it is unsubscribed (a pub/sub channel's other
    /// subscribers keep receiving, a stream consumer stops reading) and gets no further call, not even
    /// <c>OnError</c> (the Rx grammar). An exception from this observable's own observers is only logged.
    /// </summary>
    public IObservable<Diagnostics.CallbackError> CallbackErrors => Options.Callbacks.Errors;

    /// <summary>Connects using a connection string (see <see cref="RedisConnectionString"/>).</summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    /// <exception cref="RedisConnectionException">The server could not be reached or refused the handshake within the connect timeout.</exception>
    public static Task<RedisClient> ConnectAsync(string connectionString, CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisConnectionString.Parse(connectionString), cancellationToken);

    /// <summary>Connects using <paramref name="options"/> (copied; later changes to it have no effect).</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    /// <exception cref="RedisConnectionException">The server could not be reached or refused the handshake within the connect timeout.</exception>
    public static Task<RedisClient> ConnectAsync(RedisOptions options, CancellationToken cancellationToken = default) =>
        ConnectAsync(options, TransportSelection.For(options), cancellationToken);

    /// <summary>
    /// Connects through a custom transport (an in-memory pipe in tests, or TLS). With <see cref="RedisOptions.Sentinel"/>
    /// set, the sentinels are dialled through it too.
    /// </summary>
    public static async Task<RedisClient> ConnectAsync(RedisOptions options, IRedisTransport transport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transport);
        options = options.Clone();
        options.StartCallbacks();
        options.Validate();
        // Every socket the client opens runs the dial hooks once; Sentinel sits outside them, so a hook sees the
        // address of the node (or sentinel) actually dialled.
        IRedisTransport dial = options.Hooks.Count == 0 ? transport : new HookedTransport(transport, [.. options.Hooks]);
        if (options.Cluster.Enabled)
        {
            var cluster = await ClusterRouter.ConnectAsync(options, dial, cancellationToken).ConfigureAwait(false);
            return new RedisClient(options, cluster.Default, dial, cluster, sentinel: null);
        }
        var sentinel = options.Sentinel is null ? null : SentinelTransport.Start(dial, options);
        try
        {
            var connection = await RedisConnection.ConnectAsync(options, sentinel ?? dial, cancellationToken).ConfigureAwait(false);
            return new RedisClient(options, connection, sentinel ?? dial, cluster: null, sentinel);
        }
        catch when (sentinel is not null)
        {
            await sentinel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs any command and returns its raw reply. Calls that would change the shared connection's state
    /// (<c>SELECT</c>, <c>AUTH</c>, <c>MULTI</c>, <c>SUBSCRIBE</c>, ...), change how the server replies
    /// (<c>CLIENT REPLY</c>, <c>MONITOR</c>, <c>SYNC</c>) or block it (<c>BLPOP</c>, <c>WAIT</c>, <c>XREAD ... BLOCK</c>)
    /// are refused, judged from the arguments too, with the typed alternative in the message. Retry safety is judged
    /// from the arguments as well (<c>SET ... NX</c> is not resent after an unknown outcome).
    /// </summary>
    /// <param name="command">The command name, e.g. <c>OBJECT</c>; subcommands go in <paramref name="args"/>.</param>
    /// <param name="args">The arguments.</param>
    /// <exception cref="ArgumentException">The command is empty, is not allowed on the shared connection, or an argument is null.</exception>
    public RedisObservable<RespValue> Execute(string command, params RedisValue[] args)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(args);
        var info = CommandTable.Lookup(command);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].IsNull)
            {
                throw new ArgumentException($"Argument {i} of {info.Name} is null; Redis has no null argument.", nameof(args));
            }
        }
        if (SharedConnectionRule.Refusal(info, args) is { } reason)
        {
            throw new ArgumentException($"{info.Name} is not sent on the shared connection: {reason}.", nameof(command));
        }
        return Command(info, ReplyDecoders.Raw, (RedisValue[])args.Clone());
    }

    // In a cluster the slot is found once, here, so keys of different slots fail at the call.
    private RedisCommand<T> Command<T>(CommandInfo info, Func<RespValue, T> decode, params RedisValue[] args) =>
        new(_router, info, decode, CheckLengths(info, args), slot: _cluster is null ? CommandSlot.None : CommandSlot.Of(info, args));

    /// <summary>Refuses an argument longer than <see cref="RedisOptions.MaxArgumentLength"/> at the call (issue 13).</summary>
    private RedisValue[] CheckLengths(CommandInfo info, RedisValue[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].IsLongerThan(Options.MaxArgumentLength))
            {
                throw new ArgumentOutOfRangeException(nameof(args), $"Argument {i} of {info.Name} is {args[i].ByteLength:N0} bytes, over the "
                    + $"{Options.MaxArgumentLength:N0} bytes a Redis argument may be (proto-max-bulk-len, RedisOptions.MaxArgumentLength).");
            }
        }
        return args;
    }

    /// <summary>
    /// Closes the connections (the shared one and idle dedicated ones): commands already sent get their replies (for up to the connect timeout), commands
    /// not yet sent fail as not sent, and <see cref="ConnectionState"/> ends with <see cref="ConnectionStatus.Disposed"/>.
    /// Pub/sub subscribers complete; the subscriber connection (RESP2) and the client-side cache are closed first,
    /// and the subscription to the sentinels (with <see cref="RedisOptions.Sentinel"/>) last.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeExtensionsAsync().ConfigureAwait(false);
        if (_cluster is null)
        {
            await ((DedicatedConnectionPool)_dedicated).DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await _cluster.DisposeAsync().ConfigureAwait(false);
        }
        if (_sentinel is not null)
        {
            await _sentinel.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The endpoint and settings, with the password hidden.</summary>
    public override string ToString() => $"RedisClient({Options})";
}
