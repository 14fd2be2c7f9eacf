namespace RxRedis.Commands;

/// <summary>What the client needs to know about a command to route, retry and time it.</summary>
[Flags]
public enum CommandFlags
{
    /// <summary>Nothing special: a write whose repetition may change the result.</summary>
    None = 0,
    /// <summary>Only reads data: safe to resend when its outcome is unknown.</summary>
    ReadOnly = 1 << 0,
    /// <summary>Writes, but running it twice leaves the same state (e.g. <c>SET</c>, <c>DEL</c>): safe to resend.</summary>
    Idempotent = 1 << 1,
    /// <summary>May block the connection (<c>BLPOP</c>, <c>XREAD BLOCK</c>, <c>WAIT</c>): needs a dedicated connection.</summary>
    Blocking = 1 << 2,
    /// <summary>Changes the state of the connection itself (<c>SELECT</c>, <c>AUTH</c>, <c>MULTI</c>, <c>SUBSCRIBE</c>): never sent on the shared connection by <see cref="RedisClient.Execute"/>.</summary>
    ChangesConnection = 1 << 3,
    /// <summary>Acts on the whole server or database rather than keys (<c>FLUSHDB</c>, <c>INFO</c>).</summary>
    Admin = 1 << 4,
}
