using System.Reactive.Concurrency;
using RxRedis.Protocol;
using RxRedis.Resilience;

namespace RxRedis;

/// <summary>
/// How a <see cref="RedisClient"/> connects and behaves. Build one in code or parse a connection string with
/// <see cref="Parse"/>. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class RedisOptions
{
    /// <summary>The server to connect to. Default <c>localhost:6379</c>. Not used when <see cref="Sentinel"/> is set.</summary>
    public RedisEndPoint EndPoint { get; set; } = RedisEndPoint.Tcp("localhost");

    /// <summary>The ACL user name, or null for the <c>default</c> user.</summary>
    public string? User { get; set; }

    /// <summary>The password (with <see cref="User"/>, or for <c>requirepass</c>). Never shown in text.</summary>
    public string? Password { get; set; }

    /// <summary>The name set with <c>CLIENT SETNAME</c> (visible in <c>CLIENT LIST</c>), or null.</summary>
    public string? ClientName { get; set; }

    /// <summary>
    /// Sends <c>CLIENT NO-EVICT ON</c> in every connection's handshake (so a reconnect turns it on again): the
    /// server's <c>maxmemory-clients</c> eviction then never closes this client's connections. Needs Redis 7.0 or
    /// newer and an ACL user allowed <c>@admin</c> commands; a server without it fails the connect with
    /// <see cref="RedisConnectionException"/> naming this option. Default false (nothing is sent).
    /// See https://redis.io/docs/latest/commands/client-no-evict/.
    /// </summary>
    public bool NoEvict { get; set; }

    /// <summary>
    /// Sends <c>CLIENT NO-TOUCH ON</c> in every connection's handshake (so a reconnect turns it on again): this
    /// client's commands then leave the keys' LRU/LFU access time alone (a monitoring or export tool that should not
    /// keep keys alive; <c>TOUCH</c> still touches). Needs Redis 7.2 or newer; a server without it (Redis 7.0, Garnet
    /// 2.2) fails the connect with <see cref="RedisConnectionException"/> naming this option. Default false.
    /// See https://redis.io/docs/latest/commands/client-no-touch/.
    /// </summary>
    public bool NoTouch { get; set; }

    /// <summary>The database selected after connecting. Default 0.</summary>
    public int Database { get; set; }

    /// <summary>The protocol to ask for. Default <see cref="RedisProtocol.Resp3"/> with RESP2 fallback.</summary>
    public RedisProtocol Protocol { get; set; } = RedisProtocol.Resp3;

    /// <summary>How long one connection attempt (socket plus handshake) may take. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a command may take, from subscription to reply, including any wait for a reconnect. On expiry it
    /// fails with <see cref="RedisTimeoutException"/>; if it was sent, its late reply is dropped. A blocking command
    /// gets its block time added. <see cref="Timeout.InfiniteTimeSpan"/> means none. Override per call with <see cref="RedisObservableExtensions.WithTimeout{T}(IObservable{T}, TimeSpan)"/>. Default 5 s.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// While the connection is down, keep new and unsent commands queued for the next connection (each within its
    /// timeout) when true; fail them at once as not sent when false. Default true.
    /// </summary>
    public bool QueueWhileDisconnected { get; set; } = true;

    /// <summary>
    /// When true, <see cref="RedisClient.ConnectAsync(RedisOptions, CancellationToken)"/> throws if the first attempt
    /// fails within <see cref="ConnectTimeout"/>. When false it returns a client that keeps reconnecting in the
    /// background (commands queue meanwhile, within their timeout). Default true.
    /// </summary>
    public bool AbortOnConnectFail { get; set; } = true;

    /// <summary>
    /// How often each connection, busy or idle, is probed with an in-step check (<c>PING</c> with a token only this
    /// client could expect): no reply within <see cref="CommandTimeout"/> closes the (half-open) connection so it is
    /// replaced, and a reply other than the token proves a reply was lost or added, which closes it too. Zero or
    /// infinite turns it off. Default 15 s.
    /// </summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Ends every write batch with an in-step check and holds the batch's replies until the check comes back in its
    /// own slot, so a reply lost or added by the server or a proxy can never reach the wrong command: the connection
    /// is torn down and the batch fails with an unknown outcome (retried when safe). Off, replies are checked this way
    /// only after an overdue reply and at each <see cref="HealthCheckInterval"/>, so after a lost reply commands may
    /// receive their neighbours' replies until then. Costs one <c>PING</c> per flush. Default false.
    /// </summary>
    public bool HighIntegrity { get; set; }

    /// <summary>How failed commands are retried; see <see cref="RetryPolicy.Default"/>. <see cref="RetryPolicy.None"/> turns retries off.</summary>
    public RetryPolicy RetryPolicy { get; set; } = RetryPolicy.Default;

    /// <summary>Interceptors around dialling and commands; the first added runs outermost. Fixed once connected.</summary>
    public IList<IRedisHook> Hooks { get; private set; } = [];

    /// <summary>
    /// The scheduler every timer of the client runs on: timeouts, retry backoff, reconnect delays, health checks.
    /// Tests pass a <c>TestScheduler</c> to drive them in virtual time. Default <see cref="DefaultScheduler.Instance"/>.
    /// </summary>
    public IScheduler Scheduler { get; set; } = DefaultScheduler.Instance;

    /// <summary>The waits between reconnect attempts after a connection breaks. Default 50 ms doubling to 5 s, half jittered.</summary>
    public Backoff ReconnectBackoff { get; set; } = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));

    /// <summary>The random source for jitter; pass a seeded one to make backoff reproducible in tests.</summary>
    public Random Random { get; set; } = Random.Shared;

    /// <summary>
    /// The longest argument a command may carry, in bytes: the server's <c>proto-max-bulk-len</c>, 512 MiB unless
    /// raised there (https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/). A longer one is
    /// refused at the call with <see cref="ArgumentOutOfRangeException"/>: sent, it would make the server close the
    /// connection, failing every command that shares it. Raise it together with the server's setting.
    /// </summary>
    public long MaxArgumentLength { get; set; } = 512L * 1024 * 1024;

    /// <summary>Limits applied to replies (bulk length, nesting depth, aggregate length).</summary>
    public RespReaderOptions ReaderLimits { get; set; } = RespReaderOptions.Default;

    /// <summary>TLS settings; off unless enabled here or by a <c>rediss://</c> connection string.</summary>
    public RedisTlsOptions Tls { get; set; } = new();

    /// <summary>Redis Cluster settings; off by default.</summary>
    public ClusterOptions Cluster { get; set; } = new();

    /// <summary>Sends <c>READONLY</c> after the handshake: set on the connections a cluster client opens to replicas.</summary>
    internal bool ReadOnlyReplica { get; set; }

    /// <summary>
    /// Finds the server through Redis Sentinel instead of <see cref="EndPoint"/> when set: the sentinels name the
    /// current primary (or a replica) of a service on every connect, and the client follows failovers. Default null.
    /// </summary>
    public SentinelOptions? Sentinel { get; set; }

    /// <summary>
    /// The StackExchange.Redis connection-string options that were accepted but change nothing in RxRedis (e.g.
    /// <c>allowAdmin</c>, <c>connectRetry</c>), by their documented names; a <see cref="Diagnostics.RedisDiagnostics"/>
    /// logs each once when it starts watching the client. Set by <see cref="Parse"/>; empty for options built in code.
    /// </summary>
    public IReadOnlyList<string> IgnoredConnectionStringOptions { get; set; } = [];

    private Diagnostics.CallbackGuard? _callbacks;

    /// <summary>
    /// How the client calls user code and reports what it throws: one per client, made by <see cref="StartCallbacks"/>
    /// and shared by the copies its parts make (node, dedicated and Sentinel options).
    /// </summary>
    internal Diagnostics.CallbackGuard Callbacks => LazyInitializer.EnsureInitialized(ref _callbacks, () => new Diagnostics.CallbackGuard(this));

    /// <summary>Gives a new client's copy of the options its own <see cref="Callbacks"/>.</summary>
    internal void StartCallbacks() => _callbacks = new Diagnostics.CallbackGuard(this);

    /// <summary>Parses a connection string; see <see cref="RedisConnectionString"/> for the forms accepted.</summary>
    /// <exception cref="ArgumentException">The string is malformed; the message names the part that is wrong.</exception>
    public static RedisOptions Parse(string connectionString) => RedisConnectionString.Parse(connectionString);

    /// <summary>A shallow copy (with its own <see cref="Tls"/>, <see cref="Sentinel"/> and hook list), so one client's options can seed another's.</summary>
    public RedisOptions Clone()
    {
        var copy = (RedisOptions)MemberwiseClone();
        copy.Tls = Tls?.Clone()!;
        copy.Cluster = Cluster?.Clone()!;
        copy.Sentinel = Sentinel?.Clone();
        copy.Hooks = [.. Hooks];
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(EndPoint);
        ArgumentNullException.ThrowIfNull(Scheduler);
        ArgumentNullException.ThrowIfNull(ReaderLimits);
        ArgumentNullException.ThrowIfNull(ReconnectBackoff);
        ArgumentNullException.ThrowIfNull(Random);
        ArgumentNullException.ThrowIfNull(Tls);
        Tls.Validate();
        ArgumentNullException.ThrowIfNull(Cluster);
        Cluster.Validate(this);
        ArgumentNullException.ThrowIfNull(RetryPolicy);
        ReconnectBackoff.Validate();
        RetryPolicy.Validate();
        if (CommandTimeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CommandTimeout, TimeSpan.Zero);
        }
        if (Hooks.Any(h => h is null))
        {
            throw new ArgumentException("A hook is null.", nameof(Hooks));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(Database);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxArgumentLength, 1L, nameof(MaxArgumentLength));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero);
        if (User is not null && Password is null)
        {
            throw new ArgumentException("A user name needs a password.", nameof(Password));
        }
        Sentinel?.Validate();
        if (Sentinel is not null && Cluster.Enabled)
        {
            throw new ArgumentException("Sentinel and Cluster cannot both be set: Sentinel finds the one primary of a service; a cluster has a primary per slot range.");
        }
    }

    /// <summary>What the client connects to, for messages: the endpoint, or the Sentinel service's primary or replica.</summary>
    internal string Target => Sentinel is { } sentinel
        ? $"the {(sentinel.ReadFrom == SentinelReadFrom.Replica ? "replica" : "primary")} of '{sentinel.ServiceName}'"
        : EndPoint.ToString();

    /// <summary>A <c>redis://</c> (or <c>redis-sentinel://</c>) style description with passwords replaced by <c>***</c>.</summary>
    public override string ToString()
    {
        var credentials = Credentials(User, Password);
        var name = (ClientName is null ? "" : $" name={ClientName}") + (NoEvict ? " noEvict=true" : "") + (NoTouch ? " noTouch=true" : "");
        if (Sentinel is { } sentinel)
        {
            var sentinels = string.Join(',', sentinel.EndPoints);
            var readFrom = sentinel.ReadFrom == SentinelReadFrom.Primary ? "" : $" readFrom={sentinel.ReadFrom}";
            var tls = Tls is { Enabled: true } ? " ssl=true" : "";
            var sentinelUser = sentinel.User is null ? "" : $" sentinelUser={sentinel.User}";
            var sentinelPassword = sentinel.Password is null ? "" : " sentinelPassword=***";
            return $"redis-sentinel://{credentials}{sentinels}/{sentinel.ServiceName}/{Database} protocol={Protocol}{name}{readFrom}{tls}{sentinelUser}{sentinelPassword}";
        }
        var where = EndPoint.UnixSocketPath is not null ? $"unix://{credentials}{EndPoint.UnixSocketPath}" : $"{(Tls is { Enabled: true } ? "rediss" : "redis")}://{credentials}{EndPoint}";
        var cluster = Cluster is { Enabled: true } ? " cluster" : "";
        return $"{where}/{Database} protocol={Protocol}{name}{cluster}";
    }

    private static string Credentials(string? user, string? password) => (user, password) switch
    {
        (null, null) => "",
        (null, _) => ":***@",
        (_, _) => $"{Uri.EscapeDataString(user)}:***@",
    };
}
