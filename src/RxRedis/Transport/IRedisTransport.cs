using System.IO.Pipelines;

namespace RxRedis.Transport;

/// <summary>
/// Opens a byte stream to a server. The connection sees only the returned pipe, so TCP, Unix sockets, TLS or an
/// in-memory pipe (tests) plug in here without touching it.
/// </summary>
public interface IRedisTransport
{
    /// <summary>Connects to <paramref name="endPoint"/> and returns the duplex pipe over it.</summary>
    ValueTask<IRedisDuplexPipe> ConnectAsync(RedisEndPoint endPoint, CancellationToken cancellationToken);
}

/// <summary>A connected duplex pipe that can be torn down without waiting for the peer.</summary>
public interface IRedisDuplexPipe : IDuplexPipe, IDisposable
{
}
