using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RxRedis.AspNetCore.OutputCaching;

/// <summary>Registers the RxRedis output cache store.</summary>
public static class RxRedisOutputCacheServiceCollectionExtensions
{
    /// <summary>
    /// Makes <see cref="RxRedisOutputCacheStore"/> the <see cref="IOutputCacheStore"/> (on the client registered by
    /// <c>AddRxRedis</c>), with a background sweep of expired tag entries. Add output caching itself with
    /// <c>AddOutputCache()</c> and <c>UseOutputCache()</c> as usual.
    /// </summary>
    public static IServiceCollection AddRxRedisOutputCache(this IServiceCollection services, Action<RxRedisOutputCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RxRedisOutputCacheOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton<RxRedisOutputCacheStore>();
        services.Replace(ServiceDescriptor.Singleton<IOutputCacheStore>(provider => provider.GetRequiredService<RxRedisOutputCacheStore>()));
        services.AddHostedService<OutputCacheGarbageCollector>();
        return services;
    }
}
