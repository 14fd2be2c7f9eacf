using System.Reactive.Linq;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Client;

[Collection(RedisCollectionDefinition.Name)]
public sealed class SmokeTests(RedisFixture fixture)
{
    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Set_then_get_round_trips(RedisProtocol protocol)
    {
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port),
            Protocol = protocol,
        });
        Assert.Equal(protocol, client.Protocol);
        Assert.True(await client.Set("smoke:" + protocol, "hello"));
        Assert.Equal("hello", (await client.Get("smoke:" + protocol)).ToString());
    }
}
