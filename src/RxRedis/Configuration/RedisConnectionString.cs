using RxRedis.Configuration;

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
/// Connection modes in either form: <c>noEvict=true</c> (<see cref="RedisOptions.NoEvict"/>) and <c>noTouch=true</c>
/// (<see cref="RedisOptions.NoTouch"/>), set in every connection's handshake.
/// TLS settings in either form (as <c>?key=value</c> in a URL): <c>ssl=true</c> (or <c>tls=true</c>),
/// <c>sslHost=name</c> (the certificate's name, <see cref="RedisTlsOptions.TargetHost"/>) and
/// <c>tlsCaCert=/path/ca.pem</c> (<see cref="RedisTlsOptions.CaCertificateFile"/>).
/// The StackExchange.Redis vocabulary is understood too (https://stackexchange.github.io/StackExchange.Redis/Configuration):
/// <c>abortConnect</c> (<see cref="RedisOptions.AbortOnConnectFail"/>), <c>syncTimeout</c>/<c>asyncTimeout</c>/<c>commandTimeout</c>
/// (<see cref="RedisOptions.CommandTimeout"/>, ms; asyncTimeout wins over syncTimeout), <c>keepAlive</c>
/// (<see cref="RedisOptions.HealthCheckInterval"/>, seconds), <c>serviceName</c> (the hosts are then sentinels),
/// <c>checkCertificateRevocation=false</c>, <c>proxy=None</c>; options with nothing to do here (<c>allowAdmin</c>,
/// <c>connectRetry</c>, <c>resolveDns</c>, ...) are accepted and listed in <see cref="RedisOptions.IgnoredConnectionStringOptions"/>;
/// names nobody knows fail.
/// </summary>
public static class RedisConnectionString
{
    /// <summary>Parses <paramref name="connectionString"/> into options.</summary>
    /// <exception cref="ArgumentException">
    /// The string is malformed; the message names the part that is wrong, and never quotes the password nor anything
    /// after it (a password holding ',' would otherwise leak through the parts it was split into).
    /// </exception>
    public static RedisOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var text = connectionString.Trim();
        var parser = new ConnectionStringParser();
        try
        {
            if (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
            {
                ParseUrl(parser, text, tls: false);
            }
            else if (text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
            {
                ParseUrl(parser, text, tls: true);
            }
            else if (text.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
            {
                ParseUnix(parser, text);
            }
            else if (text.StartsWith(SentinelScheme, StringComparison.OrdinalIgnoreCase))
            {
                ParseSentinel(parser, text);
            }
            else
            {
                ParseCommaSeparated(parser, text);
            }
            var options = parser.Finish();
            options.Validate();
            return options;
        }
        catch (FormatException e)
        {
            // The parts below say what is wrong (quoting only what cannot hold a secret); the caller sees a bad argument.
            throw new ArgumentException(e.Message, nameof(connectionString), e);
        }
        catch (ArgumentException e) when (parser.Hidden)
        {
            // Out-of-range messages quote the value ("Actual value was ..."), which may be a piece of the password:
            // name the setting only, and do not chain the exception that holds it.
            throw new ArgumentException($"The connection string has an invalid {e.ParamName} {ConnectionStringParser.NotShown}.", nameof(connectionString));
        }
        catch (ArgumentException e)
        {
            // A value that parsed but is out of range (port 0, empty host, user without password): still the
            // string's fault. The inner message names the setting; no password came before it.
            throw new ArgumentException($"The connection string has an invalid {e.ParamName}: {e.Message}", nameof(connectionString), e);
        }
    }

    private static void ParseUrl(ConnectionStringParser parser, string text, bool tls)
    {
        HideAfterCredentials(parser, text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("The redis:// URL is malformed; expected redis[s]://[user:password@]host[:port][/db] (URL-encode '@', '/', '?', '#' and ':' in the password).");
        }
        var options = parser.Options;
        options.EndPoint = RedisEndPoint.Tcp(uri.Host.Trim('[', ']'), uri.IsDefaultPort || uri.Port < 0 ? RedisEndPoint.DefaultPort : uri.Port);
        options.Tls.Enabled = tls;
        ApplyUserInfo(options, uri.UserInfo);
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            options.Database = parser.ParseDatabase(path);
        }
        ApplyQuery(parser, uri.Query);
    }

    // Credentials in a URL may not be URL-encoded, so a '/', '?' or '#' in them moves every boundary after the
    // scheme: with an '@' anywhere, no part of the URL is quoted.
    private static void HideAfterCredentials(ConnectionStringParser parser, string text)
    {
        if (text.Contains('@', StringComparison.Ordinal))
        {
            parser.HideFromHere();
        }
    }

    private static void ParseUnix(ConnectionStringParser parser, string text)
    {
        HideAfterCredentials(parser, text);
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
        parser.Options.EndPoint = RedisEndPoint.Unix(path);
        ApplyUserInfo(parser.Options, userInfo);
        ApplyQuery(parser, query);
    }

    private const string SentinelScheme = "redis-sentinel://";

    // System.Uri cannot hold a comma-separated host list, so this form is split by hand:
    // redis-sentinel://[userinfo@]host[:port][,host[:port]...]/service[/db][?query].
    private static void ParseSentinel(ConnectionStringParser parser, string text)
    {
        HideAfterCredentials(parser, text);
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
                : parser.ParseHostPort(host, SentinelOptions.DefaultPort));
        }
        var options = parser.Options;
        options.Sentinel = sentinel;
        ApplyUserInfo(options, userInfo);
        if (segments.Length == 2)
        {
            options.Database = parser.ParseDatabase(segments[1]);
        }
        ApplyQuery(parser, query);
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

    private static void ApplyQuery(ConnectionStringParser parser, string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            parser.Apply(key, value);
        }
    }

    private static void ParseCommaSeparated(ConnectionStringParser parser, string text)
    {
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                parser.AddHost(raw);
            }
            else
            {
                parser.Apply(raw[..eq].Trim(), raw[(eq + 1)..].Trim());
            }
        }
        if (!parser.HasHost)
        {
            throw new FormatException("The connection string names no host, e.g. 'localhost:6379,password=...'.");
        }
    }
}
