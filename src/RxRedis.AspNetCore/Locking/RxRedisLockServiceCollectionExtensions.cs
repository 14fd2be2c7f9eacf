using Microsoft.Extensions.DependencyInjection;

namespace RxRedis.AspNetCore.Locking;

/// <summary>Registers <see cref="RedisDistributedLock"/>.</summary>
public static class RxRedisLockServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="RedisDistributedLock"/> on the client registered by <c>AddRxRedis</c>
    /// (resolving it connects that client).
    /// </summary>
    public static IServiceCollection AddRxRedisDistributedLock(this IServiceCollection services, Action<RedisLockOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new RedisLockOptions();
        configure?.Invoke(options);
        services.AddSingleton(provider => new RedisDistributedLock(provider.GetRequiredService<RedisClient>(), options));
        return services;
    }
}
