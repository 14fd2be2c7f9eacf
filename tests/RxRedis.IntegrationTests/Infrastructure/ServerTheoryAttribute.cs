namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>A theory that is skipped, with the reason, when this run's server lacks one of the features it needs.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ServerTheoryAttribute : TheoryAttribute
{
    public ServerTheoryAttribute(ServerFeature needs)
    {
        Needs = needs;
        Skip = TestServer.SkipReason(needs);
    }

    public ServerFeature Needs { get; }
}
