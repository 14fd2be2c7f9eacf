using RxRedis.Connection;

namespace RxRedis.Routing;

/// <summary>A pooled dedicated connection with the transport that can cut its socket.</summary>
internal sealed record DedicatedConnection(RedisConnection Connection, TrackingTransport Transport);
