namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>Which server program the fixtures start; chosen for a whole test run by <see cref="TestServer"/>.</summary>
public enum ServerKind
{
    /// <summary>redis-server from PATH (7.0.15 on the CI image).</summary>
    Redis,

    /// <summary>Microsoft Garnet, the garnet-server tool pinned in <c>.config/dotnet-tools.json</c>.</summary>
    Garnet,
}
