using System.Globalization;

namespace RxRedis;

/// <summary>
/// Parses the connection strings RxRedis accepts:
/// <list type="bullet">
/// <item><c>redis://[[user]:password@]host[:port][/db]</c> (user and password URL-encoded)</item>
/// <item><c>rediss://...</c>: the same over TLS</item>
/// <item><c>unix:///path/to/redis.sock</c>, optionally with <c>?db=N</c></item>
/// <item><c>redis-sentinel://[[user]:password@]sentinel1[:port][,sentinel2[:port]...]/serviceName[/db]</c>: find the
/// server through Redis Sentinel (<see cref="RedisOptions.Sentinel"/>); sentinel ports default to 26379, the
/// credentials are the Redis nodes', and the query may add <c>sentinelUser</c>, <c>sentinelPassword</c> and
/// <c>readFrom=primary|replica</c></item>
/// <item><c>host[:port],password=...,user=...,name=...,defaultDatabase=N,protocol=resp2|resp3,connectTimeout=ms</c></item>
/// </list>
/// Redis Cluster in either form: <c>cluster=true</c> (<see cref="ClusterOptions.Enabled"/>); the comma form may then
/// list several seed nodes (<c>node1:7000,node2:7001,cluster=true</c>), and <c>readFrom=replica</c> sends reads to
/// replicas (<see cref="ClusterOptions.ReadFromReplicas"/>).
/// TLS settings in either form (as <c>?key=value</c> in a URL): <c>ssl=true</c> (or <c>tls=true</c>),
/// <c>sslHost=name</c> (the certificate's name, <see cref="RedisTlsOptions.TargetHost"/>) and
/// <c>tlsCaCert=/path/ca.pem</c> (<see cref="RedisTlsOptions.CaCertificateFile"/>).
/// </summary>
public static class RedisConnectionString
{
    /// <summary>Parses <paramref name="connectionString"/> into options.</summary>
    /// <exception cref="ArgumentException">The string is malformed; the message names the part that is wrong (never the password).</exception>
    public static RedisOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var text = connectionString.Trim();
        try
        {
            var options = text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) ? ParseUrl(text, tls: false)
                : text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase) ? ParseUrl(text, tls: true)
                : text.StartsWith("unix://", StringComparison.OrdinalIgnoreCase) ? ParseUnix(text)
                : text.StartsWith(SentinelScheme, StringComparison.OrdinalIgnoreCase) ? ParseSentinel(text)
                : ParseCommaSeparated(text);
            if (options.Cluster.ReadFromReplicas && !options.Cluster.Enabled)
            {
                throw new FormatException("readFrom applies to redis-sentinel:// connection strings and to clusters (cluster=true) only.");
            }
            options.Validate();
            return options;
        }
        catch (FormatException e)
        {
            // The parts below say what is wrong; the caller sees it as a bad argument.
            throw new ArgumentException(e.Message, nameof(connectionString), e);
        }
        catch (ArgumentException e)
        {
            // A value that parsed but is out of range (port 0, empty host, user without password): still the
            // string's fault. The inner message names the setting; it never carries the password.
            throw new ArgumentException($"The connection string has an invalid {e.ParamName}: {e.Message}", nameof(connectionString), e);
        }
    }

    private static RedisOptions ParseUrl(string text, bool tls)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("The redis:// URL is malformed; expected redis[s]://[user:password@]host[:port][/db].");
        }
        var options = new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(uri.Host.Trim('[', ']'), uri.IsDefaultPort || uri.Port < 0 ? RedisEndPoint.DefaultPort : uri.Port),
        };
        options.Tls.Enabled = tls;
        ApplyUserInfo(options, uri.UserInfo);
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            options.Database = ParseDatabase(path);
        }
        ApplyQuery(options, uri.Query);
        return options;
    }

    private static RedisOptions ParseUnix(string text)
    {
        var rest = text["unix://".Length..];
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[q..];
            rest = rest[..q];
        }
        var at = rest.LastIndexOf('@');
        var userInfo = at >= 0 ? rest[..at] : "";
        var path = at >= 0 ? rest[(at + 1)..] : rest;
        if (!path.StartsWith('/'))
        {
            throw new FormatException("A unix:// connection string needs an absolute socket path, e.g. unix:///var/run/redis.sock.");
        }
        var options = new RedisOptions { EndPoint = RedisEndPoint.Unix(path) };
        ApplyUserInfo(options, userInfo);
        ApplyQuery(options, query);
        return options;
    }

    private const string SentinelScheme = "redis-sentinel://";

    // System.Uri cannot hold a comma-separated host list, so this form is split by hand:
    // redis-sentinel://[userinfo@]host[:port][,host[:port]...]/service[/db][?query].
    private static RedisOptions ParseSentinel(string text)
    {
        var rest = text[SentinelScheme.Length..];
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[q..];
            rest = rest[..q];
        }
        // The credentials end at the last '@', so a '/' in an unencoded password is not taken for the path.
        var at = rest.LastIndexOf('@');
        var userInfo = at < 0 ? "" : rest[..at];
        rest = rest[(at + 1)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var hosts = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[(slash + 1)..].TrimEnd('/');
        var segments = path.Split('/');
        if (hosts.Length == 0 || segments[0].Length == 0 || segments.Length > 2)
        {
            throw new FormatException(
                "The redis-sentinel:// URL is malformed; expected redis-sentinel://[user:password@]host[:port][,host[:port]...]/serviceName[/db].");
        }
        var sentinel = new SentinelOptions { ServiceName = Uri.UnescapeDataString(segments[0]) };
        foreach (var host in hosts.Split(',', StringSplitOptions.TrimEntries))
        {
            sentinel.EndPoints.Add(host.Length == 0
                ? throw new FormatException("The sentinel list of the redis-sentinel:// URL has an empty entry.")
                : ParseSentinelHost(host, text.Contains('@', StringComparison.Ordinal)));
        }
        var options = new RedisOptions { Sentinel = sentinel };
        ApplyUserInfo(options, userInfo);
        if (segments.Length == 2)
        {
            options.Database = ParseDatabase(segments[1]);
        }
        ApplyQuery(options, query);
        return options;
    }

    private static void ApplyUserInfo(RedisOptions options, string userInfo)
    {
        if (userInfo.Length == 0)
        {
            return;
        }
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            // redis://secret@host: a lone credential is the password, as in redis-cli -u.
            options.Password = Uri.UnescapeDataString(userInfo);
            return;
        }
        var user = Uri.UnescapeDataString(userInfo[..colon]);
        options.User = user.Length == 0 ? null : user;
        options.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
    }

    private static void ApplyQuery(RedisOptions options, string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            Apply(options, key, value);
        }
    }

    private static RedisOptions ParseCommaSeparated(string text)
    {
        var options = new RedisOptions();
        var endpointSeen = false;
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                if (endpointSeen)
                {
                    options.Cluster.SeedEndPoints.Add(ParseHostPort(raw, RedisEndPoint.DefaultPort));
                    continue;
                }
                options.EndPoint = ParseHostPort(raw, RedisEndPoint.DefaultPort);
                endpointSeen = true;
            }
            else
            {
                Apply(options, raw[..eq].Trim(), raw[(eq + 1)..].Trim());
            }
        }
        if (!endpointSeen)
        {
            throw new FormatException("The connection string names no host, e.g. 'localhost:6379,password=...'.");
        }
        if (options.Cluster.SeedEndPoints.Count > 0 && !options.Cluster.Enabled)
        {
            throw new FormatException(
                $"Several hosts are given ({options.EndPoint}, {string.Join(", ", options.Cluster.SeedEndPoints)}); several hosts are seed nodes of a cluster, so add cluster=true.");
        }
        return options;
    }

    // With credentials in the URL, a malformed host may hold part of a password that was not URL-encoded (a '?' in
    // it ends the authority early), so the error does not quote it.
    private static RedisEndPoint ParseSentinelHost(string host, bool hasCredentials)
    {
        try
        {
            return ParseHostPort(host, SentinelOptions.DefaultPort);
        }
        catch (FormatException) when (hasCredentials)
        {
            throw new FormatException(
                "A sentinel address of the redis-sentinel:// URL is malformed; expected host[:port]. URL-encode '@', '/', '?' and ':' in the password.");
        }
    }

    private static RedisEndPoint ParseHostPort(string text, int defaultPort)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0 || text.EndsWith(']'))
        {
            return RedisEndPoint.Tcp(text.Trim('[', ']'), defaultPort);
        }
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"The port in '{text}' is not a number between 1 and 65535.");
        }
        return RedisEndPoint.Tcp(text[..colon].Trim('[', ']'), port);
    }

    private static void Apply(RedisOptions options, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "password":
                options.Password = value;
                break;
            case "user":
            case "username":
                options.User = value;
                break;
            case "name":
            case "clientname":
                options.ClientName = value;
                break;
            case "defaultdatabase":
            case "db":
            case "database":
                options.Database = ParseDatabase(value);
                break;
            case "protocol":
                options.Protocol = value.ToLowerInvariant() switch
                {
                    "resp2" or "2" => RedisProtocol.Resp2,
                    "resp3" or "3" => RedisProtocol.Resp3,
                    _ => throw new FormatException($"protocol must be resp2 or resp3, not '{value}'."),
                };
                break;
            case "connecttimeout":
                options.ConnectTimeout = TimeSpan.FromMilliseconds(ParsePositive(key, value));
                break;
            case "ssl":
            case "tls":
                options.Tls.Enabled = bool.TryParse(value, out var enabled)
                    ? enabled
                    : throw new FormatException($"{key} must be true or false, not '{value}'.");
                break;
            case "sslhost":
            case "tlshost":
                options.Tls.TargetHost = value;
                break;
            case "tlscacert":
                options.Tls.CaCertificateFile = value;
                break;
            case "sentineluser":
                SentinelOf(options, key).User = value;
                break;
            case "sentinelpassword":
                SentinelOf(options, key).Password = value;
                break;
            case "readfrom":
                var readFrom = value.ToLowerInvariant() switch
                {
                    "primary" or "master" => SentinelReadFrom.Primary,
                    "replica" or "slave" => SentinelReadFrom.Replica,
                    _ => throw new FormatException($"readFrom must be primary or replica, not '{value}'."),
                };
                if (options.Sentinel is { } sentinel)
                {
                    sentinel.ReadFrom = readFrom;
                }
                else
                {
                    options.Cluster.ReadFromReplicas = readFrom == SentinelReadFrom.Replica; // checked against cluster=true at the end
                }
                break;
            case "cluster":
                options.Cluster.Enabled = bool.TryParse(value, out var cluster)
                    ? cluster
                    : throw new FormatException($"cluster must be true or false, not '{value}'.");
                break;
            default:
                throw new FormatException($"Unknown connection string option '{key}'.");
        }
    }

    private static SentinelOptions SentinelOf(RedisOptions options, string key) =>
        options.Sentinel ?? throw new FormatException($"{key} applies to redis-sentinel:// connection strings only.");

    private static int ParseDatabase(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var db)
            ? db
            : throw new FormatException($"The database must be a non-negative integer, not '{text}'.");

    private static int ParsePositive(string key, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{key} must be a positive number of milliseconds, not '{text}'.");
}
