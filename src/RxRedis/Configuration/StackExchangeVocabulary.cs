using System.Collections.Frozen;

namespace RxRedis.Configuration;

/// <summary>
/// The StackExchange.Redis connection-string options (https://stackexchange.github.io/StackExchange.Redis/Configuration)
/// that RxRedis has no use for. Those with nothing to do here are accepted and reported once by
/// <see cref="Diagnostics.RedisDiagnostics"/> (<see cref="RedisOptions.IgnoredConnectionStringOptions"/>); those whose
/// meaning RxRedis cannot honour fail, because ignoring them would change what the application gets. The options
/// that do have a meaning here are mapped by <see cref="ConnectionStringParser"/>.
/// </summary>
internal static class StackExchangeVocabulary
{
    /// <summary>Lower-case name to (the name as documented, why it changes nothing here).</summary>
    public static readonly FrozenDictionary<string, (string Name, string Why)> IgnoredOptions = new Dictionary<string, (string, string)>
    {
        ["allowadmin"] = ("allowAdmin", "RxRedis does not gate admin commands; every command is allowed"),
        ["connectretry"] = ("connectRetry", "the first connect is one attempt within connectTimeout; with abortConnect=false the client keeps reconnecting with RedisOptions.ReconnectBackoff"),
        ["configchannel"] = ("configChannel", "RxRedis does not broadcast or follow configuration changes over pub/sub"),
        ["configcheckseconds"] = ("configCheckSeconds", "an idle connection is probed every RedisOptions.HealthCheckInterval (keepAlive) and a cluster's slot map every ClusterOptions.TopologyRefreshInterval"),
        ["resolvedns"] = ("resolveDns", "host names are resolved at every connect"),
        ["tiebreaker"] = ("tiebreaker", "RxRedis connects to one primary (or uses Sentinel or Cluster to find it) and does not elect one"),
        ["version"] = ("version", "RxRedis learns the server's capabilities from the HELLO handshake"),
        ["setlib"] = ("setlib", "RxRedis does not send CLIENT SETINFO"),
        ["sslprotocols"] = ("sslProtocols", "the TLS version is negotiated by the operating system (TLS 1.2 or 1.3)"),
        ["highprioritysocketthreads"] = ("highPrioritySocketThreads", "the connection's reader and writer run on their own threads"),
        ["writebuffer"] = ("writeBuffer", "the writer flushes when its queue drains"),
        ["responsetimeout"] = ("responseTimeout", "obsolete in StackExchange.Redis; the command timeout (syncTimeout/asyncTimeout) applies"),
        ["preserveasyncorder"] = ("preserveAsyncOrder", "obsolete in StackExchange.Redis; replies are always delivered in order"),
    }.ToFrozenDictionary();

    /// <summary>Lower-case name to why the option cannot be accepted.</summary>
    public static readonly FrozenDictionary<string, string> UnsupportedOptions = new Dictionary<string, string>
    {
        ["channelprefix"] = "RxRedis does not prefix channel names; put the prefix in the channel names themselves.",
        ["tunnel"] = "RxRedis does not connect through an HTTP proxy.",
    }.ToFrozenDictionary();

    /// <summary>Why <paramref name="name"/> (as in <see cref="RedisOptions.IgnoredConnectionStringOptions"/>) changes nothing.</summary>
    public static string WhyIgnored(string name) =>
        IgnoredOptions.TryGetValue(name.ToLowerInvariant(), out var entry) ? entry.Why : "RxRedis has no such setting";
}
