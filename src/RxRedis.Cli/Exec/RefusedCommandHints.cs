using System.Collections.Frozen;

namespace RxRedis.Cli.Exec;

/// <summary>
/// What to do instead, on a command line, for the commands <c>exec</c> cannot run: it sends one command on the
/// client's shared connection, which refuses commands that change or block it (see <c>RedisClient.Execute</c>).
/// </summary>
internal static class RefusedCommandHints
{
    private const string Blocking = "blocks the connection, and exec runs commands on a shared one; poll with the non-blocking form instead (LPOP for BLPOP, XREAD without BLOCK).";

    private static readonly FrozenDictionary<string, string> Hints = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["SELECT"] = "picks the database for the whole connection; name it in the URL instead: --url redis://host:6379/2 (or host:6379,defaultDatabase=2).",
        ["AUTH"] = "changes the connection's user; put the credentials in the URL instead: --url redis://user:password@host:6379.",
        ["HELLO"] = "changes the connection's protocol; choose it in the URL instead: --url host:6379,protocol=resp2.",
        ["SUBSCRIBE"] = "turns the connection into a subscriber; use: rxredis subscribe <channel>...",
        ["PSUBSCRIBE"] = "turns the connection into a subscriber; use: rxredis subscribe --pattern <pattern>...",
        ["SSUBSCRIBE"] = "turns the connection into a subscriber; use the library's ShardSubscribe (rxredis subscribe covers SUBSCRIBE and PSUBSCRIBE).",
        ["MONITOR"] = "streams every command the server runs; use: rxredis monitor",
        ["MULTI"] = "starts a transaction, which needs several commands on one connection; exec runs one command (use the library's CreateTransaction).",
        ["EXEC"] = "ends a transaction, which needs several commands on one connection; exec runs one command (use the library's CreateTransaction).",
        ["WATCH"] = "belongs to a transaction on one connection; exec runs one command (use the library's CreateTransaction).",
        ["QUIT"] = "closes the connection; exec closes it when it is done.",
        ["RESET"] = "resets the connection's state; exec uses a fresh connection each run.",
        ["BLPOP"] = Blocking,
        ["BRPOP"] = Blocking,
        ["BLMOVE"] = Blocking,
        ["BLMPOP"] = Blocking,
        ["BRPOPLPUSH"] = Blocking,
        ["BZPOPMIN"] = Blocking,
        ["BZPOPMAX"] = Blocking,
        ["BZMPOP"] = Blocking,
        ["WAIT"] = Blocking,
        ["WAITAOF"] = Blocking,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The hint for <paramref name="command"/>, e.g. <c>SELECT picks the database ...</c>, or null.</summary>
    public static string? For(string command) =>
        Hints.TryGetValue(command, out var hint) ? $"exec cannot run {command.ToUpperInvariant()}: it {hint}" : null;
}
