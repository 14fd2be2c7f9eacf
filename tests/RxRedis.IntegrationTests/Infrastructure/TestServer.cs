namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>
/// The server this test run targets, from <c>RXREDIS_TEST_SERVER</c> (<c>redis</c>, the default, or <c>garnet</c>),
/// and the features it has. The feature lists are what the wire showed (issue 16): redis-server 7.0.15 against
/// garnet-server 2.2.13, which reports itself as Redis 7.4.3.
/// </summary>
public static class TestServer
{
    public const string Variable = "RXREDIS_TEST_SERVER";

    private const ServerFeature RedisFeatures = ServerFeature.Streams | ServerFeature.ClientTracking
        | ServerFeature.KeyspaceEvents | ServerFeature.ShardPubSubStandalone | ServerFeature.Functions
        | ServerFeature.Scripting | ServerFeature.Acl | ServerFeature.Wait | ServerFeature.RedisOnlyCommands
        | ServerFeature.RedisErrorTexts | ServerFeature.RedisEdgeSemantics | ServerFeature.RedisCommandDocs | ServerFeature.ClientNoEvict;

    // Garnet: scripting only with --lua (the fixture passes it); ACL only with --auth Aad/Acl.
    private const ServerFeature GarnetFeatures = ServerFeature.Scripting | ServerFeature.HashFieldExpiry;

    private static readonly Lazy<ServerKind> LazyKind = new(ReadKind);

    public static ServerKind Kind => LazyKind.Value;

    public static ServerFeature Features => Kind == ServerKind.Garnet ? GarnetFeatures : RedisFeatures;

    /// <summary>The features in <paramref name="needed"/> that this run's server lacks (None when it has them all).</summary>
    public static ServerFeature Lacking(ServerFeature needed) => needed & ~Features;

    /// <summary>The skip reason for a test needing <paramref name="needed"/>, or null when the server has it all.</summary>
    public static string? SkipReason(ServerFeature needed) =>
        Lacking(needed) is var missing and not ServerFeature.None ? $"{Kind} lacks {missing}" : null;

    private static ServerKind ReadKind()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(value))
        {
            return ServerKind.Redis;
        }
        return Enum.TryParse<ServerKind>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new InvalidOperationException($"{Variable}='{value}' is not a server this suite knows; use 'redis' or 'garnet'.");
    }
}
