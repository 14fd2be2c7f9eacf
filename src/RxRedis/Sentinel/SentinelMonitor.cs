using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using Microsoft.Extensions.Logging;
using RxRedis.Diagnostics;

namespace RxRedis.Sentinel;

/// <summary>
/// Listens for failovers: a client of its own, connected to one sentinel at a time through a
/// <see cref="SentinelDialer"/> and subscribed to <c>+switch-master</c>. Being a <see cref="RedisClient"/>, it
/// reconnects with backoff on the options' scheduler when its sentinel goes away (moving on to the next sentinel)
/// and subscribes again each time; a connect or subscription that fails outright is retried after the same backoff.
/// Messages published while it was not subscribed are lost, so each time the subscription is confirmed the owner
/// is told to ask the sentinels afresh.
/// See https://redis.io/docs/latest/develop/reference/sentinel-clients/#sentinel-failover-disconnection.
/// </summary>
internal sealed class SentinelMonitor : IAsyncDisposable
{
    private const string SwitchMaster = "+switch-master";

    private readonly RedisOptions _options;
    private readonly SentinelDialer _dialer;
    private readonly string _service;
    private readonly ILogger? _logger;
    private readonly Action<RedisEndPoint?, RedisEndPoint> _onSwitch;
    private readonly Action _onSubscribed;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly SerialDisposable _listening = new();
    private readonly SerialDisposable _ready = new();
    private readonly SerialDisposable _retry = new();
    private Task _connecting = Task.CompletedTask;
    private RedisClient? _client;
    private RedisSubscription<RedisMessage>? _channel;
    private int _failures;
    private bool _disposed;

    /// <summary>Starts listening in the background.</summary>
    /// <param name="options">The sentinel connection's options (see <see cref="SentinelClientOptions"/>).</param>
    /// <param name="dialer">Dials the sentinels.</param>
    /// <param name="service">The service whose switches matter.</param>
    /// <param name="logger">Where to log announcements and failures, or null.</param>
    /// <param name="onSwitch">Told the sentinel that announced a switch of <paramref name="service"/> (if known) and the new primary.</param>
    /// <param name="onSubscribed">Told each time the subscription is (re)confirmed.</param>
    public SentinelMonitor(
        RedisOptions options, SentinelDialer dialer, string service, ILogger? logger, Action<RedisEndPoint?, RedisEndPoint> onSwitch, Action onSubscribed)
    {
        _options = options;
        _dialer = dialer;
        _service = service;
        _logger = logger;
        _onSwitch = onSwitch;
        _onSubscribed = onSubscribed;
        Connect();
    }

    private void Connect()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _connecting = ConnectAsync();
            }
        }
    }

    private async Task ConnectAsync()
    {
        RedisClient client;
        try
        {
            // AbortOnConnectFail is off, so only refused credentials (or disposal) end this early.
            client = await RedisClient.ConnectAsync(_options, _dialer, _disposing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            return;
        }
        catch (RedisException e)
        {
            RetryLater(e, Connect);
            return;
        }
        lock (_gate)
        {
            if (!_disposed)
            {
                _client = client;
                _channel = client.Subscribe(SwitchMaster);
                _ready.Disposable = _channel.Ready.Subscribe(_ => OnSubscribed());
                Listen();
                return;
            }
        }
        await client.DisposeAsync().ConfigureAwait(false);
    }

    private void Listen()
    {
        lock (_gate)
        {
            if (!_disposed && _channel is { } channel)
            {
                _listening.Disposable = channel.Subscribe(OnMessage, error => RetryLater(error, Listen));
            }
        }
    }

    private void OnSubscribed()
    {
        Volatile.Write(ref _failures, 0);
        _onSubscribed();
    }

    private void OnMessage(RedisMessage message)
    {
        if (!SentinelReplies.TryReadSwitch(message.Payload.ToString(), _service, out var oldPrimary, out var newPrimary))
        {
            return;
        }
        var sentinel = _dialer.Current;
        if (_logger is { } logger)
        {
            RedisLog.SentinelSwitchMaster(logger, sentinel, _service, oldPrimary, newPrimary);
        }
        _onSwitch(sentinel, newPrimary);
    }

    private void RetryLater(Exception error, Action again)
    {
        var delay = _options.ReconnectBackoff.Delay(Interlocked.Increment(ref _failures), _options.Random);
        if (_logger is { } logger)
        {
            RedisLog.SentinelMonitorFailed(logger, _service, RedisDiagnostics.ErrorType(error), delay.TotalMilliseconds, error);
        }
        // Once disposed, the SerialDisposable disposes whatever it is given, so nothing is scheduled after disposal.
        _retry.Disposable = _options.Scheduler.Schedule(delay, again);
    }

    /// <summary>Stops listening and closes the sentinel connection.</summary>
    public async ValueTask DisposeAsync()
    {
        Task connecting;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            connecting = _connecting;
        }
        _retry.Dispose();
        await _disposing.CancelAsync().ConfigureAwait(false);
        await connecting.ConfigureAwait(false);
        _listening.Dispose();
        _ready.Dispose();
        if (_client is { } client)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        _disposing.Dispose();
    }
}
