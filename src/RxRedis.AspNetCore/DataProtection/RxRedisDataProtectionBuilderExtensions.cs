using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using RxRedis.Extensions;

namespace RxRedis.AspNetCore.DataProtection;

/// <summary>Persists the Data Protection key ring to Redis with RxRedis.</summary>
public static class RxRedisDataProtectionBuilderExtensions
{
    /// <summary>The list key Microsoft's StackExchange.Redis key ring uses by default, so both share a ring.</summary>
    public const string DefaultKey = "DataProtection-Keys";

    /// <summary>
    /// Keeps the key ring in the Redis list <paramref name="key"/>, using the client registered by
    /// <c>services.AddRxRedis(...)</c> (connected on the first key-ring read).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    public static IDataProtectionBuilder PersistKeysToRxRedis(this IDataProtectionBuilder builder, string key = DefaultKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(key);
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<RedisClientProvider>((options, provider) => options.XmlRepository = new RxRedisXmlRepository(provider, key));
        return builder;
    }

    /// <summary>Keeps the key ring in the Redis list <paramref name="key"/>, using a connected <paramref name="client"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    public static IDataProtectionBuilder PersistKeysToRxRedis(this IDataProtectionBuilder builder, RedisClient client, string key = DefaultKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var repository = new RxRedisXmlRepository(client, key);
        builder.Services.Configure<KeyManagementOptions>(options => options.XmlRepository = repository);
        return builder;
    }
}
