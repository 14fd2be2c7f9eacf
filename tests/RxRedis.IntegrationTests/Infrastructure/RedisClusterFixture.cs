namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>One 3-primary, 3-replica cluster shared by the "cluster" collection, started once per test run.</summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private RedisClusterProcess? _cluster;

    public RedisClusterProcess Cluster =>
        _cluster ?? throw new InvalidOperationException("The fixture has not been initialized by xunit yet.");

    public async Task InitializeAsync() => _cluster = await RedisClusterProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollectionDefinition : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "cluster";
}
