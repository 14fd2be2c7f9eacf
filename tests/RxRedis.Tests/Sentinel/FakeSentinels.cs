using System.Text;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Tests.Fakes;
using RxRedis.Tests.PubSub;

namespace RxRedis.Tests.Sentinel;

/// <summary>
/// A scripted Sentinel deployment on a <see cref="FakeNetwork"/>: sentinels that name <see cref="Primary"/> of
/// <see cref="Service"/> and list <see cref="Replicas"/>, and nodes that answer ROLE with their role.
/// </summary>
internal sealed class FakeSentinels(RedisProtocol protocol = RedisProtocol.Resp3)
{
    public const string Service = "mymaster";

    private readonly bool _resp2 = protocol == RedisProtocol.Resp2;

    public FakeNetwork Network { get; } = new();

    /// <summary>What GET-MASTER-ADDR-BY-NAME answers; the test changes it to stage a failover.</summary>
    public RedisEndPoint Primary { get; set; } = RedisEndPoint.Tcp("10.0.0.1", 6379);

    /// <summary>What SENTINEL REPLICAS answers: each replica's address, flags and master-link-status.</summary>
    public List<(RedisEndPoint EndPoint, string Flags, string Link)> Replicas { get; } = [];

    public Dictionary<RedisEndPoint, FakeRedisServer> Sentinels { get; } = [];

    public Dictionary<RedisEndPoint, FakeRedisServer> Nodes { get; } = [];

    /// <summary>Adds a sentinel at <paramref name="endPoint"/>; <paramref name="knowsService"/> false makes it answer nil.</summary>
    public FakeRedisServer AddSentinel(RedisEndPoint endPoint, bool knowsService = true)
    {
        var server = new FakeRedisServer();
        server.Handler = (c, command) => command[0] == "SENTINEL" ? AnswerSentinel(c, command, knowsService) : FakePubSub.Handle(c, command, _resp2);
        Sentinels[endPoint] = server;
        return Network.Add(endPoint, server);
    }

    /// <summary>Adds a node whose ROLE is <paramref name="role"/>() (<c>master</c> or <c>slave</c>), asked on each connect.</summary>
    public FakeRedisServer AddNode(RedisEndPoint endPoint, Func<string> role)
    {
        var server = new FakeRedisServer();
        server.Handler = (c, command) => command[0] == "ROLE"
            ? c.SendAsync(RespValue.Aggregate(RespType.Array, [FakePubSub.Bulk(role()), RespValue.Integer(0), RespValue.Aggregate(RespType.Array, [])]))
            : FakePubSub.Handle(c, command, _resp2);
        Nodes[endPoint] = server;
        return Network.Add(endPoint, server);
    }

    /// <summary>Options naming <see cref="Service"/> through the sentinels added so far, with fast reconnects.</summary>
    public RedisOptions Options(SentinelReadFrom readFrom = SentinelReadFrom.Primary)
    {
        var sentinel = new SentinelOptions { ServiceName = Service, ReadFrom = readFrom };
        foreach (var endPoint in Sentinels.Keys)
        {
            sentinel.EndPoints.Add(endPoint);
        }
        return new RedisOptions
        {
            Protocol = protocol,
            Sentinel = sentinel,
            ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
    }

    /// <summary>
    /// Announces a failover of <paramref name="service"/> to <paramref name="newPrimary"/> (by default
    /// <see cref="Primary"/>) on every sentinel connection subscribed to <c>+switch-master</c>.
    /// </summary>
    public async Task AnnounceSwitchAsync(RedisEndPoint oldPrimary, string service = Service, RedisEndPoint? newPrimary = null)
    {
        var to = newPrimary ?? Primary;
        foreach (var connection in Sentinels.Values.SelectMany(s => s.Connections).Where(c => !c.IsClosedByClient && c.Received.Any(r => r[0] == "SUBSCRIBE")))
        {
            await FakePubSub.Message(connection, "+switch-master", $"{service} {oldPrimary.Host} {oldPrimary.Port} {to.Host} {to.Port}", _resp2);
        }
    }

    private Task AnswerSentinel(FakeConnection connection, string[] command, bool knowsService)
    {
        if (!knowsService || command[2] != Service)
        {
            return command[1] == "REPLICAS"
                ? connection.SendRawAsync("-ERR No such master with that name\r\n")
                : connection.SendAsync(RespValue.Null);
        }
        return command[1] switch
        {
            "GET-MASTER-ADDR-BY-NAME" => connection.SendAsync(Address(Primary)),
            "REPLICAS" => connection.SendAsync(RespValue.Aggregate(RespType.Array, [.. Replicas.Select(r => RespValue.Aggregate(RespType.Map, [
                FakePubSub.Bulk("ip"), FakePubSub.Bulk(r.EndPoint.Host!),
                FakePubSub.Bulk("port"), FakePubSub.Bulk(r.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                FakePubSub.Bulk("flags"), FakePubSub.Bulk(r.Flags),
                FakePubSub.Bulk("master-link-status"), FakePubSub.Bulk(r.Link),
            ]))])),
            _ => connection.SendRawAsync("-ERR unknown subcommand\r\n"),
        };
    }

    private static RespValue Address(RedisEndPoint endPoint) => RespValue.Aggregate(RespType.Array,
        [RespValue.BulkString(Encoding.UTF8.GetBytes(endPoint.Host!)), FakePubSub.Bulk(endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
}
