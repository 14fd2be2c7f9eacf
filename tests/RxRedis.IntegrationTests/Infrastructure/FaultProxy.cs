using System.Net;
using System.Net.Sockets;

namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP proxy that tests put between the client and a server to inject network faults: connection
/// resets, stalled replies (a half-open connection) and refused connections.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly EndPoint _target;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _gate = new();
    private readonly HashSet<ProxiedConnection> _connections = [];
    private readonly Task _acceptLoop;
    private TaskCompletionSource _resumed = NewGate(open: true);
    private volatile bool _rejectNewConnections;

    private FaultProxy(EndPoint target)
    {
        _target = target;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_shutdown.Token);
    }

    public IPEndPoint TcpEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public int Port => TcpEndPoint.Port;

    /// <summary>"127.0.0.1:port", what a client under test should connect to.</summary>
    public string Endpoint => $"{TcpEndPoint.Address}:{Port}";

    /// <summary>When set, new connections are accepted and at once reset; existing ones are untouched.</summary>
    public bool RejectNewConnections
    {
        get => _rejectNewConnections;
        set => _rejectNewConnections = value;
    }

    /// <summary>Proxied connections currently open (including ones still connecting upstream).</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Starts listening on a free 127.0.0.1 port and forwarding to <paramref name="target"/>.</summary>
    public static FaultProxy Start(EndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new FaultProxy(target);
    }

    /// <summary>Aborts every proxied connection with RST, on both the client and the server side.</summary>
    public void ResetAllConnections()
    {
        foreach (var connection in Snapshot())
        {
            connection.Reset();
        }
    }

    /// <summary>Stops delivering server-to-client bytes; requests still reach the server. Applies to new connections too.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (_resumed.Task.IsCompleted)
            {
                _resumed = NewGate(open: false);
            }
        }
    }

    /// <summary>Delivers the held replies and forwards normally again.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _resumed.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }

        // Reset first: cancelling first lets the pumps close their sockets gracefully (FIN) before the reset (RST).
        ResetAllConnections();
        await _shutdown.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _shutdown.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        var serving = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(cancellationToken);
                serving.RemoveAll(task => task.IsCompleted);
                if (RejectNewConnections)
                {
                    client.LingerState = new LingerOption(true, 0);
                    client.Close();
                    continue;
                }

                serving.Add(ServeAsync(client, cancellationToken));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener stopped: the proxy is being disposed.
        }

        await Task.WhenAll(serving);
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        var connection = new ProxiedConnection(client, _target);
        lock (_gate)
        {
            _connections.Add(connection);
        }

        try
        {
            await connection.RunAsync(WaitWhilePausedAsync, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(connection);
            }
        }
    }

    private Task WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _resumed.Task.WaitAsync(cancellationToken);
        }
    }

    private ProxiedConnection[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _connections];
        }
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        // Continuations run off the caller of Resume(), so resuming never forwards bytes inline under the lock.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }
}
