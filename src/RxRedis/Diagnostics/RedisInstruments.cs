using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RxRedis.Diagnostics;

/// <summary>The process-wide meter, activity source and instruments that every <see cref="RedisDiagnostics"/> records to.</summary>
internal static class RedisInstruments
{
    private static readonly string? Version = typeof(RedisInstruments).Assembly.GetName().Version?.ToString();

    // Bucket edges in ms: a cached GET takes well under 1 ms on loopback; the upper ones catch timeouts.
    private static readonly double[] DurationBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    public static readonly ActivitySource Source = new(RedisTelemetry.ActivitySourceName, Version);

    public static readonly Meter Meter = new(RedisTelemetry.MeterName, Version);

    public static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "rxredis.commands", "{command}", "Commands (and pipelines) that ended, by name and outcome.");

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "rxredis.command.errors", "{error}", "Commands that failed, by error type (the server's error prefix or the exception type).");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "rxredis.command.duration", "ms", "Time from subscription to the end of a command, retries included.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly UpDownCounter<long> InFlight = Meter.CreateUpDownCounter<long>(
        "rxredis.commands.in_flight", "{command}", "Commands subscribed to that have not ended yet.");

    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>(
        "rxredis.reconnects", "{attempt}", "Reconnect attempts after a connection broke.");

    /// <summary>True when any listener would receive a command measurement or span.</summary>
    public static bool CommandsObserved(bool metrics, bool tracing) =>
        (metrics && (Commands.Enabled || Errors.Enabled || Duration.Enabled || InFlight.Enabled)) || (tracing && Source.HasListeners());
}
