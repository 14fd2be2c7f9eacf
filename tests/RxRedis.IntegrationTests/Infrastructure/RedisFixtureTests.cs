namespace RxRedis.IntegrationTests.Infrastructure;

[Collection(RedisCollectionDefinition.Name)]
public sealed class RedisFixtureTests(RedisFixture fixture)
{
    [Fact]
    public async Task Shared_server_is_running_and_answers_PING()
    {
        Assert.True(fixture.Server.IsRunning);
        Assert.Equal("PONG", await fixture.Server.ExecRawAsync("PING"));
    }
}
