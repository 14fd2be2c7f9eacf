using System.Diagnostics;
using System.Globalization;
using System.Reactive.Linq;
using Microsoft.Extensions.Logging;
using RxRedis.Commands;
using RxRedis.Resilience;
using RxRedis.Transport;

namespace RxRedis.Diagnostics;

/// <summary>
/// Logging, metrics and tracing for one client, as a hook: add it to <see cref="RedisOptions.Hooks"/> (or call
/// <see cref="RedisDiagnosticsExtensions.AddDiagnostics"/>), connect, then <see cref="Watch"/> the client to log its
/// connection state changes and count reconnects. Commands and pipelines become spans on
/// <see cref="RedisTelemetry.ActivitySourceName"/> and measurements on <see cref="RedisTelemetry.MeterName"/>;
/// connects, disconnects, reconnect attempts, retries and slow commands are logged with the ids in
/// <see cref="RedisLogEvents"/>. Nothing recorded includes command arguments or credentials. One instance serves one
/// client: it tags everything with the endpoint and database it was created for.
/// </summary>
public sealed class RedisDiagnostics : IRedisHook
{
    private readonly ILogger? _logger;
    private readonly TimeSpan _slowThreshold;
    private readonly bool _metrics;
    private readonly bool _tracing;
    private readonly string _endPoint;
    private readonly string _serverAddress;
    private readonly int? _serverPort;
    private readonly string _namespace;
    private readonly int _database;

    /// <summary>Creates the hook for a client that will connect with <paramref name="client"/> (its endpoint and database).</summary>
    /// <param name="client">The client's options; read now, so set the endpoint and database first.</param>
    /// <param name="options">What to record; null means metrics and tracing without logs.</param>
    public RedisDiagnostics(RedisOptions client, RedisDiagnosticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(client.EndPoint);
        options ??= new RedisDiagnosticsOptions();
        _logger = options.Logger;
        _slowThreshold = options.SlowCommandThreshold;
        _metrics = options.Metrics;
        _tracing = options.Tracing;
        _endPoint = client.EndPoint.ToString();
        _serverAddress = client.EndPoint.UnixSocketPath ?? client.EndPoint.Host ?? _endPoint;
        _serverPort = client.EndPoint.UnixSocketPath is null ? client.EndPoint.Port : null;
        _database = client.Database;
        _namespace = client.Database.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The logger, for parts of the client that log outside the hook seams (Sentinel).</summary>
    internal ILogger? Logger => _logger;

    /// <summary>
    /// Logs <paramref name="client"/>'s connection state changes (starting with the current one) and counts its
    /// reconnect attempts. The subscription ends by itself when the client is disposed. First logs each of its
    /// <see cref="RedisOptions.IgnoredConnectionStringOptions"/>, by name.
    /// </summary>
    /// <returns>Stops watching when disposed.</returns>
    public IDisposable Watch(RedisClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_logger is { } logger && logger.IsEnabled(LogLevel.Information))
        {
            foreach (var option in client.Options.IgnoredConnectionStringOptions)
            {
                var reason = Configuration.StackExchangeVocabulary.WhyIgnored(option);
                RedisLog.IgnoredConnectionStringOption(logger, option, reason);
            }
        }
        return client.ConnectionState.Subscribe(OnState);
    }

    IObservable<IRedisDuplexPipe> IRedisHook.Dial(RedisEndPoint endPoint, IObservable<IRedisDuplexPipe> inner)
    {
        if (_logger is not { } logger)
        {
            return inner;
        }
        var where = endPoint.ToString();
        return Observable.Defer(() =>
        {
            RedisLog.Dialling(logger, where);
            return inner.Do(static _ => { }, error => RedisLog.DialFailed(logger, where, ErrorType(error), error));
        });
    }

    IObservable<T> IRedisHook.Process<T>(CommandInfo command, IObservable<T> inner)
    {
        ArgumentNullException.ThrowIfNull(command);
        var slow = (command.Flags & CommandFlags.Blocking) == 0;
        return Observe(command.Name, batchSize: 0, slow, inner);
    }

    IObservable<T> IRedisHook.ProcessPipeline<T>(IReadOnlyList<CommandInfo> commands, IObservable<T> inner)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var slow = !commands.Any(c => (c.Flags & CommandFlags.Blocking) != 0);
        return Observe(DiagnosticTags.PipelineOperation, commands.Count, slow, inner);
    }

    void IRedisHook.OnRetry(CommandInfo command, int attempt, Exception failure, TimeSpan delay)
    {
        if (_logger is { } logger)
        {
            RedisLog.Retrying(logger, command.Name, attempt, ErrorType(failure), delay.TotalMilliseconds, failure);
        }
    }

    // Decided per subscription, so a listener attached after the observable was made still sees it.
    private IObservable<T> Observe<T>(string operation, int batchSize, bool slowLogged, IObservable<T> inner) =>
        Observable.Create<T>(observer =>
            RedisInstruments.CommandsObserved(_metrics, _tracing) || (slowLogged && SlowLogged)
                ? new CommandObservation<T>(this, operation, batchSize, slowLogged, observer).Start(inner)
                : inner.Subscribe(observer));

    private bool SlowLogged => _logger is not null && _slowThreshold != Timeout.InfiniteTimeSpan && _logger.IsEnabled(LogLevel.Warning);

    /// <summary>Counts the command in flight and starts its span (null when nobody listens).</summary>
    internal Activity? Started(string operation, int batchSize)
    {
        if (_metrics)
        {
            RedisInstruments.InFlight.Add(1, ServerTags());
        }
        if (!_tracing)
        {
            return null;
        }
        var activity = RedisInstruments.Source.StartActivity(operation, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(DiagnosticTags.DbSystemName, DiagnosticTags.Redis);
            activity.SetTag(DiagnosticTags.DbSystem, DiagnosticTags.Redis);
            activity.SetTag(DiagnosticTags.OperationName, operation);
            activity.SetTag(DiagnosticTags.Namespace, _namespace);
            activity.SetTag(DiagnosticTags.ServerAddress, _serverAddress);
            if (_serverPort is { } port)
            {
                activity.SetTag(DiagnosticTags.ServerPort, port);
            }
            if (batchSize > 0)
            {
                activity.SetTag(DiagnosticTags.BatchSize, batchSize);
            }
        }
        return activity;
    }

    /// <summary>Records how a command ended: span status, counters, duration and, past the threshold, a slow-command log.</summary>
    internal void Finished(string operation, bool slowLogged, TimeSpan elapsed, Activity? activity, CommandResult result, Exception? error)
    {
        var errorType = error is null ? null : ErrorType(error);
        if (activity is not null)
        {
            if (errorType is not null)
            {
                activity.SetTag(DiagnosticTags.ErrorType, errorType);
                if (error is RedisServerException)
                {
                    activity.SetTag(DiagnosticTags.ResponseStatusCode, errorType);
                }
                // The description is the error kind alone: server messages can echo arguments.
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }
            activity.Stop();
        }
        if (_metrics)
        {
            RecordMetrics(operation, elapsed, result, error, errorType);
        }
        if (slowLogged && elapsed >= _slowThreshold && SlowLogged)
        {
            RedisLog.SlowCommand(_logger!, operation, elapsed.TotalMilliseconds, Outcome(result), _slowThreshold.TotalMilliseconds);
        }
    }

    private void RecordMetrics(string operation, TimeSpan elapsed, CommandResult result, Exception? error, string? errorType)
    {
        RedisInstruments.InFlight.Add(-1, ServerTags());
        var tags = ServerTags();
        tags.Add(DiagnosticTags.OperationName, operation);
        tags.Add(DiagnosticTags.Outcome, Outcome(result));
        RedisInstruments.Commands.Add(1, tags);
        RedisInstruments.Duration.Record(elapsed.TotalMilliseconds, tags);
        if (errorType is not null)
        {
            tags.Add(DiagnosticTags.ErrorType, errorType);
            if (error is RedisException redis)
            {
                tags.Add(DiagnosticTags.CommandOutcome, redis.Outcome.ToString());
            }
            RedisInstruments.Errors.Add(1, tags);
        }
    }

    private TagList ServerTags()
    {
        var tags = new TagList
        {
            { DiagnosticTags.DbSystemName, DiagnosticTags.Redis },
            { DiagnosticTags.ServerAddress, _serverAddress },
        };
        if (_serverPort is { } port)
        {
            tags.Add(DiagnosticTags.ServerPort, port);
        }
        return tags;
    }

    private void OnState(ConnectionState state)
    {
        if (state.Status == ConnectionStatus.Reconnecting && _metrics)
        {
            RedisInstruments.Reconnects.Add(1, ServerTags());
        }
        if (_logger is not { } logger)
        {
            return;
        }
        switch (state.Status)
        {
            case ConnectionStatus.Connected:
                RedisLog.Connected(logger, _endPoint, _database);
                break;
            case ConnectionStatus.Disconnected:
                RedisLog.Disconnected(logger, _endPoint, state.Reason is null ? "unknown" : ErrorType(state.Reason), state.Reason);
                break;
            case ConnectionStatus.Reconnecting:
                RedisLog.Reconnecting(logger, _endPoint, state.Attempt, state.Delay.TotalMilliseconds);
                break;
            case ConnectionStatus.Disposed:
                RedisLog.Closed(logger, _endPoint);
                break;
            default:
                break;
        }
    }

    private static string Outcome(CommandResult result) => result switch
    {
        CommandResult.Ok => "ok",
        CommandResult.Error => "error",
        _ => "cancelled",
    };

    // Low-cardinality error kinds, as OpenTelemetry's error.type asks: the server's error prefix, else the exception type.
    internal static string ErrorType(Exception error) =>
        error is RedisServerException server ? server.Prefix : error.GetType().FullName ?? error.GetType().Name;
}
