using System.Text;
using RxRedis.Protocol;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.PubSub;

/// <summary>Frames a pub/sub server sends, for scripting <see cref="FakeRedisServer"/>.</summary>
internal static class FakePubSub
{
    public static RespValue Bulk(string text) => RespValue.BulkString(Encoding.UTF8.GetBytes(text));

    /// <summary>A RESP3 push (<paramref name="resp2"/> false) or RESP2 array of the given parts.</summary>
    public static RespValue Frame(bool resp2, params RespValue[] parts) => RespValue.Aggregate(resp2 ? RespType.Array : RespType.Push, parts);

    /// <summary>Answers (P/S)SUBSCRIBE with its confirmation and PING as a server in that mode would; else the default.</summary>
    public static Task Handle(FakeConnection connection, string[] command, bool resp2) => command[0] switch
    {
        "SUBSCRIBE" or "PSUBSCRIBE" or "SSUBSCRIBE" or "UNSUBSCRIBE" or "PUNSUBSCRIBE" or "SUNSUBSCRIBE" =>
            connection.SendAsync(Frame(resp2, Bulk(command[0].ToLowerInvariant()), Bulk(command[1]), RespValue.Integer(1))),
        "PING" when resp2 => connection.SendAsync(RespValue.Aggregate(RespType.Array, [Bulk("pong"), Bulk("")])),
        "PING" => connection.SendRawAsync("+PONG\r\n"),
        "GET" => connection.SendAsync(Bulk("v:" + command[1])),
        _ => connection.SendRawAsync("+OK\r\n"),
    };

    public static Task Message(FakeConnection connection, string channel, string payload, bool resp2 = false) =>
        connection.SendAsync(Frame(resp2, Bulk("message"), Bulk(channel), Bulk(payload)));
}
