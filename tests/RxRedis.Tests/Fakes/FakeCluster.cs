using System.Text;
using RxRedis.Cluster;
using RxRedis.Protocol;

namespace RxRedis.Tests.Fakes;

/// <summary>Replies that let a <see cref="FakeRedisServer"/> play a one-node cluster.</summary>
internal static class FakeCluster
{
    /// <summary><c>CLUSTER SHARDS</c> for one primary at 127.0.0.1:7000 serving slots 0-16383 (RESP2 flat pairs).</summary>
    public static RespValue OneShard()
    {
        static RespValue Text(string s) => RespValue.BulkString(Encoding.UTF8.GetBytes(s));
        var node = RespValue.Aggregate(RespType.Array, [
            Text("id"), Text("0123456789abcdef0123456789abcdef01234567"), Text("port"), RespValue.Integer(7000),
            Text("ip"), Text("127.0.0.1"), Text("role"), Text("master"), Text("health"), Text("online"),
        ]);
        var shard = RespValue.Aggregate(RespType.Array, [
            Text("slots"), RespValue.Aggregate(RespType.Array, [RespValue.Integer(0), RespValue.Integer(HashSlot.Count - 1)]),
            Text("nodes"), RespValue.Aggregate(RespType.Array, [node]),
        ]);
        return RespValue.Aggregate(RespType.Array, [shard]);
    }

    /// <summary>True for <c>CLUSTER SHARDS</c>.</summary>
    public static bool IsShards(string[] command) =>
        command[0].Equals("CLUSTER", StringComparison.OrdinalIgnoreCase) && command[1].Equals("SHARDS", StringComparison.OrdinalIgnoreCase);
}
