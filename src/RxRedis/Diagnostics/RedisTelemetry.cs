namespace RxRedis.Diagnostics;

/// <summary>
/// The names under which RxRedis publishes its metrics and traces, for OpenTelemetry's <c>AddMeter</c> and
/// <c>AddSource</c> or a <see cref="System.Diagnostics.Metrics.MeterListener"/>. Nothing is published unless a
/// client has <see cref="RedisDiagnostics"/> among its hooks.
/// </summary>
public static class RedisTelemetry
{
    /// <summary>
    /// The <see cref="System.Diagnostics.Metrics.Meter"/> name. Instruments: <c>rxredis.commands</c>,
    /// <c>rxredis.command.errors</c>, <c>rxredis.command.duration</c> (ms), <c>rxredis.commands.in_flight</c> and
    /// <c>rxredis.reconnects</c>.
    /// </summary>
    public const string MeterName = "RxRedis";

    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> name. One client span per command, named after it, with the
    /// OpenTelemetry database attributes for Redis; never its arguments.
    /// </summary>
    public const string ActivitySourceName = "RxRedis";
}
