namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>The default redis-server shared by every test in the "redis" collection for one test run.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;

    public RedisServerProcess Server =>
        _server ?? throw new InvalidOperationException("The fixture has not been initialized by xunit yet.");

    public async Task InitializeAsync() => _server = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
