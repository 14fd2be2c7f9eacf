using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.SignalR.Tests;

/// <summary>App instances scaled out through one redis-server, with RxRedis's backplane or Microsoft's.</summary>
internal static class Backplanes
{
    public const string HubChannels = "rxredis:RxRedis.SignalR.Tests.TestHub";

    public static Task<HubApp> StartRxRedisAsync(RedisServerProcess server, Action<RxRedisBackplaneOptions>? configure = null, Action<HubOptions>? hub = null) =>
        HubApp.StartAsync(signalr => signalr.AddRxRedis(options =>
        {
            options.Redis.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, server.Port);
            configure?.Invoke(options);
        }), hub);

    public static Task<HubApp> StartMicrosoftAsync(RedisServerProcess server, Action<HubOptions>? hub = null) =>
        HubApp.StartAsync(signalr => signalr.AddStackExchangeRedis(server.Endpoint,
            options => options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("microsoft:")), hub);
}
