using Microsoft.AspNetCore.SignalR;
using RxRedis;
using RxRedis.SignalR;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the RxRedis backplane to SignalR.</summary>
public static class RxRedisSignalRBuilderExtensions
{
    /// <summary>
    /// Scales SignalR out through the Redis at <paramref name="connectionString"/> (see <see cref="RedisConnectionString"/>),
    /// replacing the in-memory <see cref="HubLifetimeManager{THub}"/> with <see cref="RxRedisHubLifetimeManager{THub}"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public static ISignalRServerBuilder AddRxRedis(this ISignalRServerBuilder builder, string connectionString)
    {
        var redis = RedisConnectionString.Parse(connectionString);
        return builder.AddRxRedis(options => options.Redis = redis.Clone());
    }

    /// <summary>Scales SignalR out through Redis with the backplane configured in code (see <see cref="RxRedisBackplaneOptions"/>).</summary>
    public static ISignalRServerBuilder AddRxRedis(this ISignalRServerBuilder builder, Action<RxRedisBackplaneOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        builder.Services.AddSingleton(typeof(HubLifetimeManager<>), typeof(RxRedisHubLifetimeManager<>));
        return builder;
    }
}
