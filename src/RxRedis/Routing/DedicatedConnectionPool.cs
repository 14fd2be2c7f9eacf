using System.Collections.Concurrent;
using RxRedis.Connection;
using RxRedis.Transport;

namespace RxRedis.Routing;

/// <summary>
/// A small bounded pool of dedicated connections for commands that must not run on the shared one: blocking
/// commands (<c>BLPOP</c>, <c>XREAD BLOCK</c>, <c>WAIT</c>) and <c>WATCH</c> transactions. At most
/// <see cref="MaxConnections"/> are leased at once; further lessees wait. A connection whose state is unknown
/// (a blocked command was abandoned, a transaction failed half-way) is closed rather than returned, because a late
/// reply or a leftover <c>WATCH</c> would reach its next user.
/// </summary>
internal sealed class DedicatedConnectionPool : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly IRedisTransport _transport;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<RedisConnection> _idle = new();
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    public DedicatedConnectionPool(RedisOptions options, IRedisTransport transport, int maxConnections)
    {
        _options = options;
        _transport = transport;
        MaxConnections = maxConnections;
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
    }

    public int MaxConnections { get; }

    /// <summary>Idle connections kept for reuse (for tests and diagnostics).</summary>
    public int IdleCount => _idle.Count;

    /// <summary>Waits for a free slot, then reuses an idle connection or opens a new one.</summary>
    public async Task<RedisConnection> LeaseAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
        if (_idle.TryPop(out var idle))
        {
            return idle;
        }
        try
        {
            return await RedisConnection.ConnectAsync(_options, _transport, linked.Token).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives back a connection in a clean state (nothing in flight, no WATCH).</summary>
    public void Return(RedisConnection connection)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            _ = connection.DisposeAsync().AsTask();
        }
        else
        {
            _idle.Push(connection);
        }
        _slots.Release();
    }

    /// <summary>Closes a connection whose state is unknown and frees its slot at once.</summary>
    public void Discard(RedisConnection connection)
    {
        _ = connection.DisposeAsync().AsTask();
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
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        _disposing.Dispose();
    }
}
