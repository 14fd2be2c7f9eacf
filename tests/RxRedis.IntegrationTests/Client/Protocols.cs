namespace RxRedis.IntegrationTests.Client;

/// <summary>Theory data: every command test runs once per protocol.</summary>
public static class Protocols
{
    public static TheoryData<RedisProtocol> Both => new() { RedisProtocol.Resp2, RedisProtocol.Resp3 };
}
