using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RxRedis;
using RxRedis.Diagnostics;
using RxRedis.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RxRedis with a service collection.</summary>
public static class RxRedisServiceCollectionExtensions
{
    /// <summary>The category of the logger that <c>AddRxRedis</c> creates from the container's <see cref="ILoggerFactory"/>.</summary>
    public const string LoggerCategory = "RxRedis";

    /// <summary>
    /// Registers a singleton <see cref="RedisClient"/> (and the <see cref="RedisClientProvider"/> that owns it)
    /// configured in code. Nothing connects until the client is first resolved; resolving it then blocks for up to
    /// the connect timeout and, if the server cannot be reached, throws <see cref="RedisConnectionException"/> from
    /// <c>GetService</c> (the next resolution tries again). Async code can await
    /// <see cref="RedisClientProvider.GetClientAsync"/> instead. Dispose the service provider with <c>DisposeAsync</c>,
    /// as the generic host does: the client is only asynchronously disposable. When the container has an
    /// <see cref="ILoggerFactory"/>, a <see cref="RedisDiagnostics"/> hook logging to the <see cref="LoggerCategory"/>
    /// category (and recording metrics and traces) is added unless the options already have one.
    /// </summary>
    public static IServiceCollection AddRxRedis(this IServiceCollection services, Action<RedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RedisOptions>().Configure(configure);
        return AddClient(services, configuration: null);
    }

    /// <summary>
    /// Registers the client (see <see cref="AddRxRedis(IServiceCollection, Action{RedisOptions})"/>) configured from
    /// <paramref name="configuration"/>, e.g. <c>configuration.GetSection("Redis")</c>: either a connection string
    /// (<c>"Redis": "localhost:6379"</c> or <c>"Redis": { "ConnectionString": "..." }</c>) or fields (<c>Host</c>,
    /// <c>Port</c>, <c>UnixSocket</c>, and every setting of <see cref="RedisOptions"/> by its property name:
    /// <c>CommandTimeout</c>, <c>QueueWhileDisconnected</c>, <c>RetryPolicy:MaxRetries</c>, <c>Tls:Enabled</c>,
    /// <c>Cluster:Enabled</c>, <c>Sentinel:ServiceName</c>, <c>Diagnostics:SlowCommandThreshold</c>, ...), fields
    /// overriding the connection string. Values that do not parse, unknown keys and settings out of range fail
    /// validation when the host starts (<c>ValidateOnStart</c>), each message naming its key.
    /// </summary>
    public static IServiceCollection AddRxRedis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // Problems are collected, not thrown, and reported together by the validator when the host starts.
        services.AddOptions<RedisOptions>().Configure(options => RedisConfigurationReader.Apply(configuration, options));
        services.AddOptions<RedisDiagnosticsOptions>().Configure(diagnostics =>
        {
            var read = RedisConfigurationReader.ReadDiagnostics(configuration);
            diagnostics.SlowCommandThreshold = read.SlowCommandThreshold;
            diagnostics.Metrics = read.Metrics;
            diagnostics.Tracing = read.Tracing;
        });
        return AddClient(services, configuration);
    }

    /// <summary>Registers the client configured by a connection string (see <see cref="RedisConnectionString"/>).</summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public static IServiceCollection AddRxRedis(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        var parsed = RedisConnectionString.Parse(connectionString);
        services.AddOptions<RedisOptions>().Configure(options => RedisConfigurationReader.CopyConnectionStringSettings(parsed.Clone(), options));
        return AddClient(services, configuration: null);
    }

    /// <summary>
    /// Registers <see cref="RxRedisCache"/> as the <see cref="IDistributedCache"/> (it is an
    /// <see cref="IBufferDistributedCache"/> too, which HybridCache uses), over the client registered by
    /// <c>AddRxRedis</c>. Without <c>AddRxRedis</c>, resolving the cache throws an
    /// <see cref="InvalidOperationException"/> that says so; the overloads taking a connection string or a
    /// configuration section register the client as well.
    /// </summary>
    public static IServiceCollection AddRxRedisDistributedCache(this IServiceCollection services, Action<RxRedisCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RxRedisCacheOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(provider => new RxRedisCache(
            provider.GetService<RedisClientProvider>() ?? throw new InvalidOperationException(
                "AddRxRedisDistributedCache() uses the client that AddRxRedis(...) registers, and none is registered: call services.AddRxRedis(...) too, or AddRxRedisDistributedCache(connectionString) / AddRxRedisDistributedCache(configuration)."),
            provider.GetRequiredService<IOptions<RxRedisCacheOptions>>()));
        services.Replace(ServiceDescriptor.Singleton<IDistributedCache>(provider => provider.GetRequiredService<RxRedisCache>()));
        return services;
    }

    /// <summary>
    /// Registers the client configured by <paramref name="connectionString"/> (as <c>AddRxRedis(connectionString)</c>,
    /// StackExchange.Redis strings included) and <see cref="RxRedisCache"/> over it: a one-line replacement for
    /// <c>AddStackExchangeRedisCache(o => o.Configuration = connectionString)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public static IServiceCollection AddRxRedisDistributedCache(this IServiceCollection services, string connectionString, Action<RxRedisCacheOptions>? configure = null) =>
        services.AddRxRedis(connectionString).AddRxRedisDistributedCache(configure);

    /// <summary>Registers the client configured from <paramref name="configuration"/> (as <c>AddRxRedis(configuration)</c>) and <see cref="RxRedisCache"/> over it.</summary>
    public static IServiceCollection AddRxRedisDistributedCache(this IServiceCollection services, IConfiguration configuration, Action<RxRedisCacheOptions>? configure = null) =>
        services.AddRxRedis(configuration).AddRxRedisDistributedCache(configure);

    private static IServiceCollection AddClient(IServiceCollection services, IConfiguration? configuration)
    {
        // Post-configured so the endpoint and database are final; a RedisDiagnostics added in code wins.
        services.AddOptions<RedisOptions>().PostConfigure<IServiceProvider>((options, provider) =>
        {
            if (provider.GetService<ILoggerFactory>() is { } loggers && !options.Hooks.OfType<RedisDiagnostics>().Any())
            {
                var settings = provider.GetRequiredService<IOptions<RedisDiagnosticsOptions>>().Value;
                options.AddDiagnostics(new RedisDiagnosticsOptions
                {
                    Logger = loggers.CreateLogger(LoggerCategory),
                    SlowCommandThreshold = settings.SlowCommandThreshold,
                    Metrics = settings.Metrics,
                    Tracing = settings.Tracing,
                });
            }
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>>(new RedisConfigurationValidator(configuration));
        services.TryAddSingleton<RedisClientProvider>();
        // Sync-over-async only on first resolution; the connect path never captures a synchronization context.
        services.TryAddSingleton(provider => provider.GetRequiredService<RedisClientProvider>().GetClientAsync().AsTask().GetAwaiter().GetResult());
        return services;
    }
}
