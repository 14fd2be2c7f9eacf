using Microsoft.Extensions.Diagnostics.HealthChecks;
using RxRedis.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the RxRedis health check to <c>services.AddHealthChecks()</c>.</summary>
public static class RxRedisHealthChecksBuilderExtensions
{
    /// <summary>The default time the server has to answer <c>PING</c> (connecting included).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Checks that the server registered with <c>AddRxRedis</c> answers <c>PING</c> within
    /// <paramref name="timeout"/> (default 5 s): Healthy with the round-trip time, otherwise
    /// <paramref name="failureStatus"/> (default Unhealthy) with the reason.
    /// </summary>
    public static IHealthChecksBuilder AddRxRedisHealthCheck(
        this IHealthChecksBuilder builder,
        string name = "redis",
        TimeSpan? timeout = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var limit = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(timeout));
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new RxRedisHealthCheck(provider.GetRequiredService<RedisClientProvider>(), limit),
            failureStatus,
            tags,
            // A backstop only: the check's own timeout fires first and says what timed out.
            limit + TimeSpan.FromSeconds(1)));
    }
}
