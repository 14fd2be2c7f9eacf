namespace RxRedis.Commands;

/// <summary>
/// What <see cref="RedisClient.Execute"/> refuses to send on the shared connection, decided from the name and the
/// arguments of the call (<c>XREAD</c> is fine, <c>XREAD BLOCK 0</c> is not). Every caller's replies travel on that
/// one connection in order, so a command that blocks it stalls them all, and one that changes how or whether the
/// server replies (<c>CLIENT REPLY</c>, <c>MONITOR</c>, <c>SUBSCRIBE</c> under RESP2, the replication handshake)
/// makes replies stop lining up with commands. Each refusal names the typed alternative.
/// See https://redis.io/docs/latest/commands/client-reply/ and https://redis.io/docs/latest/commands/xread/.
/// </summary>
internal static class SharedConnectionRule
{
    private static readonly Dictionary<string, string> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SELECT"] = "it changes the database of every caller; set RedisOptions.Database (or use a second client)",
        ["AUTH"] = "the client authenticates itself; set RedisOptions.User and Password",
        ["HELLO"] = "the client negotiates the protocol itself; set RedisOptions.Protocol",
        ["QUIT"] = "it closes the shared connection; dispose the client instead",
        ["RESET"] = "it resets the shared connection's state; dispose the client instead",
        ["MULTI"] = "a transaction must be written as one block; use CreateTransaction()",
        ["EXEC"] = "a transaction must be written as one block; use CreateTransaction()",
        ["DISCARD"] = "a transaction must be written as one block; use CreateTransaction()",
        ["WATCH"] = "WATCH holds state on its connection; use WatchTransaction(...)",
        ["UNWATCH"] = "WATCH holds state on its connection; use WatchTransaction(...)",
        ["MONITOR"] = "it turns the connection into a stream of every command the server runs; run `rxredis monitor`, or open a separate raw connection",
        ["SUBSCRIBE"] = "subscriptions are managed by the client; use Subscribe(channel)",
        ["PSUBSCRIBE"] = "subscriptions are managed by the client; use PatternSubscribe(pattern)",
        ["SSUBSCRIBE"] = "subscriptions are managed by the client; use ShardSubscribe(channel)",
        ["UNSUBSCRIBE"] = "subscriptions are managed by the client; dispose the subscription",
        ["PUNSUBSCRIBE"] = "subscriptions are managed by the client; dispose the subscription",
        ["SUNSUBSCRIBE"] = "subscriptions are managed by the client; dispose the subscription",
        ["READONLY"] = "the cluster client sends it itself; set RedisOptions.Cluster.ReadFromReplicas",
        ["READWRITE"] = "the cluster client sends it itself",
        ["ASKING"] = "the cluster client follows ASK redirects itself",
        ["SYNC"] = "it turns the connection into a replication stream",
        ["PSYNC"] = "it turns the connection into a replication stream",
        ["REPLCONF"] = "it belongs to the replication handshake",
    };

    /// <summary>Why <paramref name="info"/> called with <paramref name="args"/> may not run on the shared connection, or null.</summary>
    public static string? Refusal(CommandInfo info, RedisValue[] args)
    {
        if (ByName.TryGetValue(info.Name, out var reason))
        {
            return reason;
        }
        if ((info.Flags & CommandFlags.Blocking) != 0)
        {
            return $"it blocks the connection all callers share; use the typed {info.Name} method, which runs it on a dedicated connection";
        }
        if (info.Name.Equals("CLIENT", StringComparison.OrdinalIgnoreCase) && args.Length > 0)
        {
            var sub = args[0].ToString();
            if (sub.Equals("REPLY", StringComparison.OrdinalIgnoreCase))
            {
                return "CLIENT REPLY OFF/SKIP stops the server's replies, so later replies would reach other callers' commands; there is no typed form (a command whose reply you do not need can simply not be awaited)";
            }
            // Connection state the handshake sets, so a reconnect keeps it (a CLIENT call here would be lost on the next one).
            if (sub.Equals("NO-EVICT", StringComparison.OrdinalIgnoreCase))
            {
                return "it changes the state of the connection all callers share, and a reconnect would lose it; set RedisOptions.NoEvict (noEvict=true), which the handshake applies to every connection";
            }
            if (sub.Equals("NO-TOUCH", StringComparison.OrdinalIgnoreCase))
            {
                return "it changes the state of the connection all callers share, and a reconnect would lose it; set RedisOptions.NoTouch (noTouch=true), which the handshake applies to every connection";
            }
            if (sub.Equals("TRACKING", StringComparison.OrdinalIgnoreCase))
            {
                return "tracking sends invalidations that the client must route; use the client-side cache (EnableClientCacheAsync)";
            }
        }
        if ((info.Name.Equals("XREAD", StringComparison.OrdinalIgnoreCase) || info.Name.Equals("XREADGROUP", StringComparison.OrdinalIgnoreCase))
            && HasOptionBefore(args, "BLOCK", "STREAMS"))
        {
            return $"{info.Name} ... BLOCK holds the connection all callers share for the block time; use {(info.Name.Length == 5 ? "XRead" : "XReadGroup")}(..., new StreamReadOptions {{ Block = ... }}), TailStream or ConsumeStream, which block on a dedicated connection";
        }
        return (info.Flags & CommandFlags.ChangesConnection) != 0
            ? "it changes the state of the connection all callers share; use the typed API for it"
            : null;
    }

    // Options come before the keyword that starts the keys (STREAMS), so a key named "block" is not an option.
    private static bool HasOptionBefore(RedisValue[] args, string option, string end)
    {
        foreach (var arg in args)
        {
            var text = arg.ToString();
            if (text.Equals(end, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            if (text.Equals(option, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
