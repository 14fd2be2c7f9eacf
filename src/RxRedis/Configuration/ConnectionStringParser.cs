using System.Globalization;

namespace RxRedis.Configuration;

/// <summary>
/// One parse of a connection string (see <see cref="RedisConnectionString"/>). Settings that depend on each other
/// (hosts and <c>serviceName</c>, the sentinel credentials, <c>readFrom</c>, the timeouts) are collected first and
/// settled in <see cref="Finish"/>, so their order in the string does not matter.
/// </summary>
/// <remarks>
/// Secrets (issue 13, item 5): a password given in the comma form may itself hold ',' or '=', so every part after
/// <c>password=</c> could be a piece of it; and in a URL whose credentials are not URL-encoded, any part after the
/// scheme could be. Once such a part has been seen, errors name the setting but never quote the text.
/// </remarks>
internal sealed class ConnectionStringParser
{
    /// <summary>What errors say instead of a part they may not quote.</summary>
    public const string NotShown = "(not shown: it may hold part of a password)";

    private const string CommaInPasswordHint =
        " A password holding ',' cannot be given in this form: use redis://user:password@host with the password URL-encoded, or set RedisOptions.Password.";

    private readonly RedisOptions _options = new();
    private readonly List<(string Text, bool Hidden)> _hosts = [];
    private readonly List<string> _ignored = [];
    private bool _hidden;
    private string? _serviceName;
    private string? _sentinelUser;
    private string? _sentinelPassword;
    private SentinelReadFrom? _readFrom;
    private TimeSpan? _syncTimeout;
    private TimeSpan? _asyncTimeout;
    private TimeSpan? _commandTimeout;

    /// <summary>Whether errors must not quote the string (a password, or URL credentials, came before).</summary>
    public bool Hidden => _hidden;

    public RedisOptions Options => _options;

    public bool HasHost => _hosts.Count > 0;

    /// <summary>Quotes <paramref name="part"/> for an error, or says it is not shown.</summary>
    public string Quote(string part) => _hidden ? NotShown : $"'{part}'";

    /// <summary>From here on nothing is quoted.</summary>
    public void HideFromHere() => _hidden = true;

    public void AddHost(string text) => _hosts.Add((text, _hidden));

    public void Apply(string key, string value)
    {
        var name = key.ToLowerInvariant();
        if (name is "password" or "sentinelpassword")
        {
            // The value, and everything after it, may be (part of) the secret.
            HideFromHere();
        }
        if (name.StartsWith('$'))
        {
            throw new FormatException(
                "Renaming or disabling commands ($COMMAND=...) is not supported: RxRedis sends the commands Redis documents.");
        }
        if (StackExchangeVocabulary.IgnoredOptions.TryGetValue(name, out var ignored))
        {
            _ignored.Add(ignored.Name);
            return;
        }
        switch (name)
        {
            case "password":
                _options.Password = value;
                break;
            case "user":
            case "username":
                _options.User = value;
                break;
            case "name":
            case "clientname":
                _options.ClientName = value;
                break;
            case "defaultdatabase":
            case "db":
            case "database":
                _options.Database = ParseDatabase(value);
                break;
            case "protocol":
                _options.Protocol = value.ToLowerInvariant() switch
                {
                    "resp2" or "2" => RedisProtocol.Resp2,
                    "resp3" or "3" => RedisProtocol.Resp3,
                    _ => throw new FormatException($"protocol must be resp2 or resp3, not {Quote(value)}."),
                };
                break;
            case "connecttimeout":
                _options.ConnectTimeout = Milliseconds(key, value);
                break;
            case "synctimeout":
                _syncTimeout = Milliseconds(key, value);
                break;
            case "asynctimeout":
                _asyncTimeout = Milliseconds(key, value);
                break;
            case "commandtimeout":
                _commandTimeout = Milliseconds(key, value);
                break;
            case "noevict":
                _options.NoEvict = Boolean(key, value);
                break;
            case "notouch":
                _options.NoTouch = Boolean(key, value);
                break;
            case "abortconnect":
                _options.AbortOnConnectFail = Boolean(key, value);
                break;
            case "keepalive":
                _options.HealthCheckInterval = KeepAlive(key, value) ?? _options.HealthCheckInterval;
                break;
            case "ssl":
            case "tls":
                _options.Tls.Enabled = Boolean(key, value);
                break;
            case "sslhost":
            case "tlshost":
                _options.Tls.TargetHost = value;
                break;
            case "tlscacert":
                _options.Tls.CaCertificateFile = value;
                break;
            case "checkcertificaterevocation":
                // The TLS transport does not check revocation (X509RevocationMode.NoCheck); asking for it must not pass silently.
                if (Boolean(key, value))
                {
                    throw new FormatException(
                        "checkCertificateRevocation=true is not supported: RxRedis does not check certificate revocation. Remove it or set it to false.");
                }
                break;
            case "proxy":
                if (!value.Equals("none", StringComparison.OrdinalIgnoreCase))
                {
                    throw new FormatException(
                        "proxy is not supported except proxy=None: RxRedis talks to Redis servers (or a Redis Cluster with cluster=true), not to Twemproxy or Envoy.");
                }
                break;
            case "servicename":
                _serviceName = value;
                break;
            case "sentineluser":
                _sentinelUser = value;
                break;
            case "sentinelpassword":
                _sentinelPassword = value;
                break;
            case "readfrom":
                _readFrom = value.ToLowerInvariant() switch
                {
                    "primary" or "master" => SentinelReadFrom.Primary,
                    "replica" or "slave" => SentinelReadFrom.Replica,
                    _ => throw new FormatException($"readFrom must be primary or replica, not {Quote(value)}."),
                };
                break;
            case "cluster":
                _options.Cluster.Enabled = Boolean(key, value);
                break;
            default:
                if (StackExchangeVocabulary.UnsupportedOptions.TryGetValue(name, out var why))
                {
                    throw new FormatException($"The connection string option '{key}' is not supported: {why}");
                }
                throw new FormatException(_hidden
                    ? "The connection string has an unknown option after the password (its name is not shown: it may be part of the password)." + CommaInPasswordHint
                    : $"Unknown connection string option '{key}'.");
        }
    }

    /// <summary>Settles the settings collected and returns the options (not yet validated).</summary>
    public RedisOptions Finish()
    {
        if (_serviceName is not null)
        {
            // StackExchange.Redis form: host list plus serviceName means the hosts are sentinels.
            if (_options.Sentinel is not null)
            {
                throw new FormatException("serviceName applies to the comma-separated form; a redis-sentinel:// URL names its service in the path.");
            }
            var sentinel = new SentinelOptions { ServiceName = _serviceName };
            foreach (var (text, hidden) in _hosts)
            {
                sentinel.EndPoints.Add(ParseHostPort(text, SentinelOptions.DefaultPort, hidden));
            }
            _options.Sentinel = sentinel;
        }
        else
        {
            for (var i = 0; i < _hosts.Count; i++)
            {
                var endPoint = ParseHostPort(_hosts[i].Text, RedisEndPoint.DefaultPort, _hosts[i].Hidden);
                if (i == 0)
                {
                    _options.EndPoint = endPoint;
                }
                else
                {
                    _options.Cluster.SeedEndPoints.Add(endPoint);
                }
            }
            if (_hosts.Count > 1 && !_options.Cluster.Enabled)
            {
                throw new FormatException(SeveralHosts());
            }
        }
        if (_sentinelUser is not null || _sentinelPassword is not null)
        {
            var sentinel = _options.Sentinel
                ?? throw new FormatException($"{(_sentinelUser is not null ? "sentinelUser" : "sentinelPassword")} applies to Sentinel only (a redis-sentinel:// URL, or serviceName=).");
            sentinel.User = _sentinelUser ?? sentinel.User;
            sentinel.Password = _sentinelPassword ?? sentinel.Password;
        }
        if (_readFrom is { } readFrom)
        {
            if (_options.Sentinel is { } sentinel)
            {
                sentinel.ReadFrom = readFrom;
            }
            else if (readFrom == SentinelReadFrom.Replica && !_options.Cluster.Enabled)
            {
                throw new FormatException("readFrom applies to Sentinel (a redis-sentinel:// URL, or serviceName=) and to clusters (cluster=true) only.");
            }
            else
            {
                _options.Cluster.ReadFromReplicas = readFrom == SentinelReadFrom.Replica;
            }
        }
        // Every RxRedis call is asynchronous, so asyncTimeout is the one that applies; syncTimeout when it is alone.
        if ((_commandTimeout ?? _asyncTimeout ?? _syncTimeout) is { } timeout)
        {
            _options.CommandTimeout = timeout;
        }
        _options.IgnoredConnectionStringOptions = [.. _ignored.Distinct(StringComparer.Ordinal)];
        return _options;
    }

    public int ParseDatabase(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var db)
            ? db
            : throw new FormatException($"The database must be a non-negative integer, not {Quote(text)}.");

    public RedisEndPoint ParseHostPort(string text, int defaultPort) => ParseHostPort(text, defaultPort, _hidden);

    // A part after the password may be a piece of it: the error then names the problem without quoting the part.
    private static RedisEndPoint ParseHostPort(string text, int defaultPort, bool hidden)
    {
        try
        {
            return RedisEndPoint.Parse(text, defaultPort);
        }
        catch (FormatException) when (hidden)
        {
            throw new FormatException($"A host or port after the password {NotShown} is malformed; expected host[:port] with a port between 1 and 65535." + CommaInPasswordHint);
        }
    }

    private string SeveralHosts()
    {
        var shown = _hosts.TakeWhile(h => !h.Hidden).Select(h => h.Text).ToList();
        var list = shown.Count == _hosts.Count
            ? $" ({string.Join(", ", shown)})"
            : shown.Count > 0 ? $" ({string.Join(", ", shown)} and {_hosts.Count - shown.Count} after the password, not shown)" : "";
        var hint = shown.Count == _hosts.Count ? "" : CommaInPasswordHint;
        return $"Several hosts are given{list}; several hosts are seed nodes of a cluster, so add cluster=true (or serviceName=... for sentinels).{hint}";
    }

    private bool Boolean(string key, string value) =>
        bool.TryParse(value, out var result) ? result : throw new FormatException($"{key} must be true or false, not {Quote(value)}.");

    private TimeSpan Milliseconds(string key, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? TimeSpan.FromMilliseconds(n)
            : throw new FormatException($"{key} must be a positive number of milliseconds, not {Quote(text)}.");

    // StackExchange.Redis's keepAlive: seconds between keep-alive messages, -1 for its default; here the idle PING.
    private TimeSpan? KeepAlive(string key, string text) => text switch
    {
        "-1" => null,
        _ when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) => TimeSpan.FromSeconds(seconds),
        _ => throw new FormatException($"{key} must be a number of seconds (0 turns the idle PING off, -1 keeps the default), not {Quote(text)}."),
    };
}
