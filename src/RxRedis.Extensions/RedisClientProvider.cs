using Microsoft.Extensions.Options;
using RxRedis.Diagnostics;

namespace RxRedis.Extensions;

/// <summary>
/// Owns the one <see cref="RedisClient"/> of a service provider and connects it on first use, not at startup. A
/// failed connect is not remembered: it throws <see cref="RedisConnectionException"/> to that caller and the next
/// caller tries again. Once connected, the client reconnects by itself after a broken connection, and every
/// <see cref="RedisDiagnostics"/> among its hooks watches its connection state.
/// </summary>
public sealed class RedisClientProvider : IAsyncDisposable, IDisposable
{
    private readonly IOptions<RedisOptions> _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RedisClient? _client;
    private bool _disposed;

    /// <summary>Creates a provider that will connect with <paramref name="options"/>.</summary>
    public RedisClientProvider(IOptions<RedisOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The client, connecting it first if no caller has yet.</summary>
    /// <exception cref="RedisConnectionException">The server could not be reached or refused the handshake.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    public async ValueTask<RedisClient> GetClientAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        if (Volatile.Read(ref _client) is { } client)
        {
            return client;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_client is null)
            {
                var connected = await RedisClient.ConnectAsync(_options.Value, cancellationToken).ConfigureAwait(false);
                // Each watch ends by itself when the client is disposed (its state stream completes).
                foreach (var diagnostics in connected.Options.Hooks.OfType<RedisDiagnostics>())
                {
                    diagnostics.Watch(connected);
                }
                Volatile.Write(ref _client, connected);
            }
            return _client!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Disposes the client if it was connected.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }
            Volatile.Write(ref _disposed, true);
            if (_client is { } client)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Disposes the client, blocking until it has closed; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
