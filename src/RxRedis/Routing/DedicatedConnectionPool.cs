using System.Collections.Concurrent;
using RxRedis.Connection;
using RxRedis.Transport;

namespace RxRedis.Routing;

/// <summary>
/// A small bounded pool of dedicated connections for commands that must not run on the shared one: blocking
/// commands (<c>BLPOP</c>, <c>XREAD BLOCK</c>, <c>WAIT</c>) and <c>WATCH</c> transactions. At most
/// <c>maxConnections</c> are leased at once; further lessees wait. A connection whose state is unknown
/// (a blocked command was abandoned, a transaction failed half-way) is closed rather than returned, because a late
/// reply or a leftover <c>WATCH</c> would reach its next user.
/// </summary>
internal sealed class DedicatedConnectionPool : IDedicatedRouter, IAsyncDisposable
{
    /// <summary>How many dedicated connections a client leases at once (per node in a cluster).</summary>
    public const int DefaultMaxConnections = 8;

    private readonly RedisOptions _options;

    /// <summary>The client's options (its callback policy among them).</summary>
    public RedisOptions Options => _options;
    private readonly IRedisTransport _transport;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<DedicatedConnection> _idle = new();
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    public DedicatedConnectionPool(RedisOptions options, IRedisTransport transport, int maxConnections)
    {
        // No idle health check here: its PING would queue behind a blocked BLPOP or XREAD BLOCK, time out, and
        // close a connection that is merely waiting. A dead dedicated socket shows up as the leased command failing.
        _options = options.Clone();
        _options.HealthCheckInterval = Timeout.InfiniteTimeSpan;
        _transport = transport;
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
    }

    /// <summary>One server: every dedicated command leases here.</summary>
    public DedicatedConnectionPool PoolFor(int slot) => this;

    /// <summary>Waits for a free slot, then reuses an idle connection or opens a new one.</summary>
    public async Task<DedicatedConnection> LeaseAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
        if (_idle.TryPop(out var idle))
        {
            return idle;
        }
        try
        {
            var transport = new TrackingTransport(_transport);
            var connection = await RedisConnection.ConnectAsync(_options, transport, linked.Token).ConfigureAwait(false);
            return new DedicatedConnection(connection, transport);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives back a connection in a clean state (nothing in flight, no WATCH).</summary>
    public void Return(DedicatedConnection connection)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _idle.Push(connection);
            // DisposeAsync may have emptied the idle stack between the check and the push: take it back out.
            if (Volatile.Read(ref _disposed) == 0 || !_idle.TryPop(out var late))
            {
                _slots.Release();
                return;
            }
            connection = late;
        }
        _ = connection.Connection.DisposeAsync().AsTask();
        _slots.Release();
    }

    /// <summary>Closes a connection whose state is unknown, cutting its socket now, and frees its slot.</summary>
    public void Discard(DedicatedConnection connection)
    {
        // Dispose first so the connection does not reconnect when its socket goes; then cut the socket rather
        // than wait for the reply of a command nobody wants.
        _ = connection.Connection.DisposeAsync().AsTask();
        connection.Transport.Kill();
        _slots.Release();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _disposing.CancelAsync().ConfigureAwait(false);
        while (_idle.TryPop(out var connection))
        {
            await connection.Connection.DisposeAsync().ConfigureAwait(false);
        }
        _disposing.Dispose();
    }
}
