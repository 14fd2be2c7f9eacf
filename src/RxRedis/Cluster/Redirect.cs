using System.Globalization;

namespace RxRedis.Cluster;

/// <summary>
/// A cluster redirect reply: <c>MOVED 3999 127.0.0.1:6381</c> (the slot lives elsewhere now) or <c>ASK 3999
/// 127.0.0.1:6381</c> (the slot is being migrated and this key is already there). The address may lack its host
/// (<c>:6381</c>) when the node does not know how it is reached; the caller fills it in
/// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#moved-redirection).
/// </summary>
internal readonly record struct Redirect(bool IsAsk, int Slot, string Host, int Port)
{
    /// <summary>What precedes a command sent after <c>ASK</c>: the target serves the migrating slot for it only then.</summary>
    public static ReadOnlySpan<byte> AskingFrame => "*1\r\n$6\r\nASKING\r\n"u8;

    public RedisEndPoint? EndPoint => Host.Length == 0 ? null : RedisEndPoint.Tcp(Host, Port);

    public static bool TryParse(Exception error, out Redirect redirect)
    {
        redirect = default;
        if (error is not RedisServerException { Prefix: "MOVED" or "ASK" } server)
        {
            return false;
        }
        var parts = server.ServerMessage.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var slot) || slot >= HashSlot.Count)
        {
            return false;
        }
        var colon = parts[2].LastIndexOf(':');
        if (colon < 0 || !int.TryParse(parts[2].AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }
        var host = parts[2][..colon].Trim('[', ']'); // IPv6 addresses may come bracketed
        redirect = new Redirect(server.Prefix == "ASK", slot, host, port);
        return true;
    }
}
