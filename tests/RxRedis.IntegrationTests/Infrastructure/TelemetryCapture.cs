using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using RxRedis.Diagnostics;

namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>
/// Everything RxRedis diagnostics emit for one server, captured in memory: a logger (hand it to the options), the
/// RxRedis meter's measurements and the RxRedis source's spans. Meters and sources are process-wide and tests run
/// in parallel, so measurements and spans are kept only when their server.address and server.port match.
/// </summary>
internal sealed class TelemetryCapture : ILogger, ILoggerFactory, IDisposable
{
    private readonly string _address;
    private readonly int _port;
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _spans;

    public TelemetryCapture(string address, int port)
    {
        _address = address;
        _port = port;
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RedisTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, value, tags, _) => OnMeasurement(i, value, tags));
        _meters.SetMeasurementEventCallback<double>((i, value, tags, _) => OnMeasurement(i, value, tags));
        _meters.Start();
        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RedisTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Matches(activity.GetTagItem("server.address"), activity.GetTagItem("server.port")))
                {
                    Spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_spans);
    }

    public sealed record LogEntry(LogLevel Level, EventId Id, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> State);

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    public ConcurrentQueue<LogEntry> Logs { get; } = new();

    public ConcurrentQueue<Measurement> Measurements { get; } = new();

    public ConcurrentQueue<Activity> Spans { get; } = new();

    public IEnumerable<Measurement> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument);

    /// <summary>Every string captured: messages, exceptions, log state, tag keys and values, span names and statuses.</summary>
    public IEnumerable<string> AllText()
    {
        foreach (var log in Logs)
        {
            yield return log.Message;
            yield return log.Exception?.ToString() ?? "";
            foreach (var (key, value) in log.State)
            {
                yield return $"{key}={value}";
            }
        }
        foreach (var m in Measurements)
        {
            yield return m.Instrument;
            foreach (var (key, value) in m.Tags)
            {
                yield return $"{key}={value}";
            }
        }
        foreach (var span in Spans)
        {
            yield return span.DisplayName;
            yield return span.OperationName;
            yield return span.StatusDescription ?? "";
            foreach (var (key, value) in span.TagObjects)
            {
                yield return $"{key}={value}";
            }
            foreach (var e in span.Events)
            {
                yield return e.Name;
                foreach (var (key, value) in e.Tags)
                {
                    yield return $"{key}={value}";
                }
            }
        }
    }

    private void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        var map = new Dictionary<string, object?>();
        foreach (var (key, tag) in tags)
        {
            map[key] = tag;
        }
        if (Matches(map.GetValueOrDefault("server.address"), map.GetValueOrDefault("server.port")))
        {
            Measurements.Enqueue(new Measurement(instrument.Name, value.ToDouble(null), map));
        }
    }

    private bool Matches(object? address, object? port) => address as string == _address && port is int p && p == _port;

    IDisposable? ILogger.BeginScope<TState>(TState state) => null;

    bool ILogger.IsEnabled(LogLevel logLevel) => true;

    void ILogger.Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Logs.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception), exception,
            state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));

    ILogger ILoggerFactory.CreateLogger(string categoryName) => this;

    void ILoggerFactory.AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
        _meters.Dispose();
        _spans.Dispose();
    }
}
