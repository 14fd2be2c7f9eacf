namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>Tests marked <c>[Collection(RedisCollectionDefinition.Name)]</c> share one <see cref="RedisFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollectionDefinition : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}
