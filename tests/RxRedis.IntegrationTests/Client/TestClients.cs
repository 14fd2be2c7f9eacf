using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Client;

/// <summary>Client and key helpers shared by the client tests.</summary>
internal static class TestClients
{
    public static Task<RedisClient> ConnectAsync(RedisServerProcess server, RedisProtocol protocol, Action<RedisOptions>? configure = null)
    {
        var options = new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, server.Port),
            Protocol = protocol,
        };
        configure?.Invoke(options);
        return RedisClient.ConnectAsync(options);
    }

    /// <summary>A key prefix no other test uses, so tests on the shared server never collide.</summary>
    public static string Prefix(string test, RedisProtocol protocol) => $"{test}:{protocol}:{Guid.NewGuid():N}:";
}
