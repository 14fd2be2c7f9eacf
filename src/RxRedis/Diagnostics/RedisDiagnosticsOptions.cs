using Microsoft.Extensions.Logging;

namespace RxRedis.Diagnostics;

/// <summary>What a <see cref="RedisDiagnostics"/> hook records.</summary>
public sealed class RedisDiagnosticsOptions
{
    /// <summary>Where to log connection changes, retries and slow commands (see <see cref="RedisLogEvents"/>); null logs nothing.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>
    /// Commands that take at least this long (subscription to reply, retries included) are logged as slow. Blocking
    /// commands (<c>BLPOP</c>, ...) are exempt. <see cref="Timeout.InfiniteTimeSpan"/> turns it off. Default 500 ms.
    /// </summary>
    public TimeSpan SlowCommandThreshold { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Record to the <see cref="RedisTelemetry.MeterName"/> meter. Default true (free while nobody listens).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Start spans on the <see cref="RedisTelemetry.ActivitySourceName"/> source. Default true (free while nobody listens).</summary>
    public bool Tracing { get; set; } = true;
}
