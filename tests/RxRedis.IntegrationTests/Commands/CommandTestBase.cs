using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Commands;

/// <summary>Connects clients to the shared server and hands out key prefixes no other test uses.</summary>
public abstract class CommandTestBase(RedisFixture fixture)
{
    protected RedisFixture Fixture { get; } = fixture;

    protected Task<RedisClient> ConnectAsync(RedisProtocol protocol) => ConnectAsync(Fixture.Server, protocol);

    protected static Task<RedisClient> ConnectAsync(RedisServerProcess server, RedisProtocol protocol) =>
        RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, server.Port),
            Protocol = protocol,
        });

    /// <summary>A key prefix unique to this call, so tests sharing the server never collide.</summary>
    protected static string Prefix(RedisProtocol protocol) => $"t:{Guid.NewGuid():N}:{protocol}:";
}
