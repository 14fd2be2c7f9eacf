namespace RxRedis.IntegrationTests.Resilience;

/// <summary>Fault tests kill and pause servers and measure timings, so they run alone, one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultTestsCollection
{
    public const string Name = "faults";
}
