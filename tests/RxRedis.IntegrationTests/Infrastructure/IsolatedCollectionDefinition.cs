namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>Tests that measure timing run alone: xunit starts this collection only when no other runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollectionDefinition
{
    public const string Name = "isolated";
}
