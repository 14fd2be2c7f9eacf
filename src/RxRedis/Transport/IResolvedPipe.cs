namespace RxRedis.Transport;

/// <summary>
/// A pipe whose transport chose the server itself (Sentinel asks where the primary is now), so the connection
/// reports and verifies that server rather than the endpoint it asked for.
/// </summary>
internal interface IResolvedPipe : IRedisDuplexPipe
{
    /// <summary>The server this pipe is connected to.</summary>
    RedisEndPoint EndPoint { get; }
}
