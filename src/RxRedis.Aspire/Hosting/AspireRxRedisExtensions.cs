using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RxRedis;
using RxRedis.Aspire;
using RxRedis.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>The Aspire client integration of RxRedis, shaped as <c>Aspire.StackExchange.Redis</c>'s <c>AddRedisClient</c>.</summary>
public static class AspireRxRedisExtensions
{
    /// <summary>The configuration section the settings are read from.</summary>
    public const string DefaultConfigSectionName = "Aspire:RxRedis";

    /// <summary>
    /// Registers a singleton <see cref="RedisClient"/> (connected on first use, see <c>AddRxRedis</c>) from
    /// <c>ConnectionStrings:{connectionName}</c> or <c>Aspire:RxRedis:ConnectionString</c>, with a health check,
    /// logging, and OpenTelemetry tracing and metrics of the RxRedis source and meter, unless the settings turn
    /// them off. <paramref name="configureSettings"/> runs after the settings are read from configuration, and
    /// <paramref name="configureOptions"/> after the connection string is applied to the client options.
    /// </summary>
    /// <exception cref="InvalidOperationException">No connection string is configured, or it is malformed (the
    /// message names the configuration key, never the password).</exception>
    public static void AddRxRedisClient(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<RxRedisSettings>? configureSettings = null,
        Action<RedisOptions>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        var settings = new RxRedisSettings();
        builder.Configuration.GetSection(DefaultConfigSectionName).Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            settings.ConnectionString = connectionString;
        }
        configureSettings?.Invoke(settings);

        var source = $"'ConnectionStrings:{connectionName}' or '{DefaultConfigSectionName}:ConnectionString'";
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException($"No Redis connection string is configured: set {source}.");
        }
        try
        {
            builder.Services.AddRxRedis(settings.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"The Redis connection string in {source} is malformed: {e.Message}", e);
        }
        if (configureOptions is not null)
        {
            builder.Services.Configure(configureOptions);
        }

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().AddRxRedisHealthCheck(settings.HealthCheckName, settings.HealthCheckTimeout);
        }
        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(RedisTelemetry.ActivitySourceName));
        }
        if (!settings.DisableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(RedisTelemetry.MeterName));
        }
    }
}
