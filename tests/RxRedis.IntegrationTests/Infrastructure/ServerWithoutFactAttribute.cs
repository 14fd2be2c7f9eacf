namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>A fact about what the client does on a server lacking a feature: skipped, with the reason, where it has it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ServerWithoutFactAttribute : FactAttribute
{
    public ServerWithoutFactAttribute(ServerFeature without)
    {
        Without = without;
        Skip = TestServer.Lacking(without) == without ? null : $"{TestServer.Kind} has {without}";
    }

    public ServerFeature Without { get; }
}
