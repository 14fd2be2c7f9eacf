namespace RxRedis.Aspire;

/// <summary>
/// The settings of <c>AddRxRedisClient</c>, read from the <c>Aspire:RxRedis</c> configuration section (as
/// <c>Aspire.StackExchange.Redis</c> reads <c>Aspire:StackExchange:Redis</c>); <c>ConnectionStrings:{name}</c>
/// overrides <see cref="ConnectionString"/>.
/// </summary>
public sealed class RxRedisSettings
{
    /// <summary>The connection string, in any form <see cref="RedisConnectionString"/> parses (Aspire's app host gives the <c>host:port,password=...</c> form).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leaves out the health check (a <c>PING</c>, named <see cref="HealthCheckName"/>). Default false.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Leaves out the OpenTelemetry tracing registration of the RxRedis activity source. Default false.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Leaves out the OpenTelemetry metrics registration of the RxRedis meter. Default false.</summary>
    public bool DisableMetrics { get; set; }

    /// <summary>The name of the health check. Default <c>"RxRedis"</c>.</summary>
    public string HealthCheckName { get; set; } = "RxRedis";

    /// <summary>How long the health check waits for <c>PING</c>, connecting included. Default 5 s.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
