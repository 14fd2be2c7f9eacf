using System.Collections.Concurrent;
using System.Net.Sockets;
using RxRedis.Transport;

namespace RxRedis.Tests.Fakes;

/// <summary>
/// Several fake servers behind one transport, each at its own endpoint, for clients that choose where to connect
/// (Sentinel). An endpoint with no server refuses the connection, as a closed port would.
/// </summary>
internal sealed class FakeNetwork : IRedisTransport
{
    private readonly ConcurrentDictionary<RedisEndPoint, FakeRedisServer> _servers = new();

    /// <summary>Every endpoint dialled, in order.</summary>
    public ConcurrentQueue<RedisEndPoint> Dials { get; } = new();

    /// <summary>Puts <paramref name="server"/> at <paramref name="endPoint"/>.</summary>
    public FakeRedisServer Add(RedisEndPoint endPoint, FakeRedisServer server)
    {
        _servers[endPoint] = server;
        return server;
    }

    public ValueTask<IRedisDuplexPipe> ConnectAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        Dials.Enqueue(endPoint);
        return _servers.TryGetValue(endPoint, out var server)
            ? server.ConnectAsync(endPoint, cancellationToken)
            : throw new SocketException((int)SocketError.ConnectionRefused);
    }
}
