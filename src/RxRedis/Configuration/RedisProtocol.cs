namespace RxRedis;

/// <summary>Which RESP version the client asks for.</summary>
public enum RedisProtocol
{
    /// <summary>RESP3 via <c>HELLO 3</c>, falling back to RESP2 when the server does not know <c>HELLO</c>.</summary>
    Resp3,
    /// <summary>RESP2 only: no <c>HELLO</c>; <c>AUTH</c>, <c>SELECT</c> and <c>CLIENT SETNAME</c> as separate commands.</summary>
    Resp2,
}
