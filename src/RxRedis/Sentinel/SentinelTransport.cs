using System.Reactive;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using RxRedis.Diagnostics;
using RxRedis.Transport;

namespace RxRedis.Sentinel;

/// <summary>
/// The transport of a client with <see cref="RedisOptions.Sentinel"/>. Every connection the client owns (the shared
/// one, the dedicated pool, the RESP2 subscriber) dials through it, so each connect and reconnect asks the
/// sentinels where the primary (or a replica) is now, and the handshake then checks the node's ROLE. It remembers
/// the sockets it opened: when the sentinels announce a new primary it closes those to nodes that no longer serve
/// the client, their connections fail what is in flight (outcome unknown) and reconnect through here, to the new
/// primary. Connections that lost their socket already (the primary crashed) and wait in reconnect backoff are woken
/// through <see cref="TargetMoved"/> to dial the new primary at once. See https://redis.io/docs/latest/develop/reference/sentinel-clients/.
/// </summary>
internal sealed class SentinelTransport : IMovingTargetTransport, IAsyncDisposable
{
    private readonly IRedisTransport _inner;
    private readonly SentinelReadFrom _readFrom;
    private readonly string _service;
    private readonly SentinelList _sentinels;
    private readonly SentinelResolver _resolver;
    private readonly ILogger? _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<ResolvedPipe> _pipes = [];
    private readonly CancellationTokenSource _disposing = new();
    private readonly Subject<Unit> _targetMoved = new();
    private SentinelMonitor? _monitor;
    private RedisEndPoint? _primary;
    // Bumped on each new primary, so a connect that asked the sentinels before it is checked against the new one.
    private long _generation;

    private SentinelTransport(IRedisTransport inner, RedisOptions options)
    {
        var settings = options.Sentinel!;
        _inner = inner;
        _readFrom = settings.ReadFrom;
        _service = settings.ServiceName!;
        _sentinels = new SentinelList(settings.EndPoints);
        _logger = options.Hooks.OfType<RedisDiagnostics>().Select(d => d.Logger).FirstOrDefault(l => l is not null);
        _resolver = new SentinelResolver(inner, options, _sentinels, _logger);
    }

    /// <summary>Creates the transport for <paramref name="options"/> and starts listening to the sentinels for failovers.</summary>
    /// <param name="inner">Dials nodes and sentinels (sockets or TLS, with the dial hooks).</param>
    /// <param name="options">The client's validated options, with <see cref="RedisOptions.Sentinel"/> set.</param>
    public static SentinelTransport Start(IRedisTransport inner, RedisOptions options)
    {
        var transport = new SentinelTransport(inner, options);
        var monitorOptions = SentinelClientOptions.For(options, transport._sentinels.Snapshot()[0]);
        // Its first connect must not fail the client's: it keeps trying in the background instead.
        monitorOptions.AbortOnConnectFail = false;
        transport._monitor = new SentinelMonitor(
            monitorOptions, new SentinelDialer(inner, transport._sentinels, options), transport._service, transport._logger,
            transport.OnSwitch, transport.OnSubscribed);
        return transport;
    }

    /// <summary>Fires after each change of primary, under the lock, so the connections it wakes are told one at a time.</summary>
    public IObservable<Unit> TargetMoved => _targetMoved;

    /// <summary>Connects to the node the sentinels name now; <paramref name="endPoint"/> (the options' endpoint) is not used.</summary>
    public async ValueTask<IRedisDuplexPipe> ConnectAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        var generation = Interlocked.Read(ref _generation);
        var node = await _resolver.ResolveAsync(_readFrom, cancellationToken).ConfigureAwait(false);
        var pipe = new ResolvedPipe(await _inner.ConnectAsync(node, cancellationToken).ConfigureAwait(false), node, Forget);
        lock (_gate)
        {
            // Unless a new primary was learned meanwhile, the answer is the latest; if one was, keep the socket only
            // when it agrees with it.
            var current = _generation == generation;
            if (current || !IsStale(node))
            {
                _pipes.Add(pipe);
                if (current && _readFrom == SentinelReadFrom.Primary)
                {
                    _primary = node;
                }
                return pipe;
            }
        }
        pipe.Dispose();
        throw new RedisConnectionException(
            $"The primary of '{_service}' changed while connecting to {node}; the client will ask the sentinels again.", CommandOutcome.NotSent);
    }

    private void Forget(ResolvedPipe pipe)
    {
        lock (_gate)
        {
            _pipes.Remove(pipe);
        }
    }

    private void OnSwitch(RedisEndPoint? sentinel, RedisEndPoint primary)
    {
        // That sentinel knows the new primary already; others may learn it a moment later, so ask it first.
        if (sentinel is not null)
        {
            _sentinels.Promote(sentinel);
        }
        Follow(primary, $"+switch-master from {sentinel?.ToString() ?? "a sentinel"}");
    }

    // A failover announced while the monitor was not subscribed went unheard: ask the sentinels where the primary is.
    private void OnSubscribed() => _ = CheckPrimaryAsync();

    private async Task CheckPrimaryAsync()
    {
        try
        {
            var asked = Interlocked.Read(ref _generation);
            var primary = await _resolver.ResolveAsync(SentinelReadFrom.Primary, _disposing.Token).ConfigureAwait(false);
            // A +switch-master heard meanwhile is newer than this answer (a lagging sentinel may still name the old
            // primary), so the answer only counts if nothing changed while asking.
            if (Interlocked.Read(ref _generation) == asked)
            {
                Follow(primary, "the sentinels, asked after subscribing to +switch-master");
            }
        }
        catch (Exception e) when (e is RedisException or OperationCanceledException)
        {
            // The sentinels are unreachable or the client is closing; the next connect or announcement will tell.
        }
    }

    /// <summary>Records <paramref name="primary"/> and closes the sockets to nodes that no longer serve the client.</summary>
    private void Follow(RedisEndPoint primary, string source)
    {
        List<ResolvedPipe> stale;
        RedisEndPoint? previous;
        lock (_gate)
        {
            previous = _primary;
            if (primary == previous)
            {
                return; // every sentinel announces the same switch; the first one did the work
            }
            _primary = primary;
            _generation++;
            stale = [.. _pipes.Where(p => IsStale(p.EndPoint))];
            _targetMoved.OnNext(Unit.Default); // its observers only flag their connection to dial at once
        }
        // The first primary learned (a replica reader's, or one checked before the first connect finished) is no change.
        if (_logger is { } logger && (previous is not null || stale.Count > 0))
        {
            RedisLog.SentinelPrimaryChanged(logger, _service, primary, source, stale.Count);
        }
        foreach (var pipe in stale)
        {
            pipe.Dispose();
        }
    }

    // Reading from the primary, every other node is stale; reading from replicas, the primary is (a promoted replica).
    private bool IsStale(RedisEndPoint node) => _readFrom == SentinelReadFrom.Primary ? node != _primary : node == _primary;

    /// <summary>Stops listening to the sentinels; the sockets belong to the connections, which close them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }
        await _disposing.CancelAsync().ConfigureAwait(false);
        if (_monitor is not null)
        {
            await _monitor.DisposeAsync().ConfigureAwait(false);
        }
        lock (_gate)
        {
            _targetMoved.OnCompleted();
        }
    }
}
