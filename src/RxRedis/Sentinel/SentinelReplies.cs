using System.Globalization;
using RxRedis.Protocol;

namespace RxRedis.Sentinel;

/// <summary>
/// Reads what sentinels say: addresses, replica lists and <c>+switch-master</c> messages.
/// See https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/#sentinel-api.
/// </summary>
internal static class SentinelReplies
{
    // Replicas a sentinel flags like this are unreachable or being dropped; see "flags" in SENTINEL REPLICAS.
    private static readonly string[] DownFlags = ["s_down", "o_down", "disconnected"];

    /// <summary>The <c>[ip, port]</c> of <c>GET-MASTER-ADDR-BY-NAME</c>, or null when the sentinel does not monitor the service.</summary>
    public static RedisEndPoint? Address(in RespValue reply)
    {
        if (reply.IsNull)
        {
            return null;
        }
        if (!reply.IsAggregate || reply.Count != 2)
        {
            throw new FormatException($"GET-MASTER-ADDR-BY-NAME answered {reply} instead of [ip, port].");
        }
        return EndPoint(reply[0].AsString(), reply[1].AsString());
    }

    /// <summary>
    /// The replicas in a <c>SENTINEL REPLICAS</c> reply (a field map per replica: a RESP3 map, or a flat RESP2 array)
    /// that are up and whose link to the primary is ok, so they serve current data.
    /// </summary>
    public static List<RedisEndPoint> HealthyReplicas(in RespValue reply)
    {
        var healthy = new List<RedisEndPoint>();
        foreach (var replica in reply.Items)
        {
            var flags = (Field(replica, "flags") ?? "").Split(',');
            if (!flags.Any(f => DownFlags.Contains(f)) && Field(replica, "master-link-status") == "ok")
            {
                healthy.Add(EndPoint(Field(replica, "ip"), Field(replica, "port")));
            }
        }
        return healthy;
    }

    /// <summary>
    /// Reads a <c>+switch-master</c> payload, <c>&lt;name&gt; &lt;old-ip&gt; &lt;old-port&gt; &lt;new-ip&gt; &lt;new-port&gt;</c>;
    /// false when it concerns another service or is malformed.
    /// </summary>
    public static bool TryReadSwitch(string payload, string service, out RedisEndPoint oldPrimary, out RedisEndPoint newPrimary)
    {
        oldPrimary = newPrimary = null!;
        var parts = payload.Split(' ');
        if (parts.Length != 5 || parts[0] != service
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var oldPort)
            || !int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var newPort)
            || oldPort is < 1 or > 65535 || newPort is < 1 or > 65535 || parts[1].Length == 0 || parts[3].Length == 0)
        {
            return false;
        }
        oldPrimary = RedisEndPoint.Tcp(parts[1], oldPort);
        newPrimary = RedisEndPoint.Tcp(parts[3], newPort);
        return true;
    }

    private static string? Field(in RespValue fields, string name)
    {
        var items = fields.Items;
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            if (items[i].AsString() == name)
            {
                return items[i + 1].AsString();
            }
        }
        return null;
    }

    private static RedisEndPoint EndPoint(string? host, string? port) =>
        !string.IsNullOrEmpty(host) && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535
            ? RedisEndPoint.Tcp(host, p)
            : throw new FormatException($"A sentinel named the address '{host}:{port}', which is not a host and port.");
}
