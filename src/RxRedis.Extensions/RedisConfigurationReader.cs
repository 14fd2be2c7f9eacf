using System.Globalization;
using Microsoft.Extensions.Configuration;
using RxRedis.Diagnostics;
using RxRedis.Protocol;
using RxRedis.Resilience;

namespace RxRedis.Extensions;

/// <summary>
/// Reads <see cref="RedisOptions"/> from configuration: a connection string (any form, StackExchange.Redis and
/// <c>redis-sentinel://</c> included) as the section's own value or its <c>ConnectionString</c> key, then fields
/// named as the properties (which override it): <c>Host</c>, <c>Port</c>, <c>UnixSocket</c>, every scalar
/// property of <see cref="RedisOptions"/>, and the sections <c>RetryPolicy</c> (with <c>Backoff</c>),
/// <c>ReconnectBackoff</c>, <c>ReaderLimits</c>, <c>Tls</c>, <c>Cluster</c>, <c>Sentinel</c> and
/// <c>Diagnostics</c> (<see cref="RedisDiagnosticsOptions"/>). A value that does not parse, or a key nobody knows,
/// becomes an error naming the key (see <see cref="RedisConfigurationValidator"/>); the reader itself never throws
/// for them, so every problem is reported at once.
/// </summary>
internal sealed class RedisConfigurationReader
{
    private readonly IConfiguration _root;
    private readonly List<string> _errors = [];

    private RedisConfigurationReader(IConfiguration section) => _root = section;

    /// <summary>The problems found by the last read, each naming its key.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Applies <paramref name="section"/> to <paramref name="options"/> and returns what was wrong with it.</summary>
    public static IReadOnlyList<string> Apply(IConfiguration section, RedisOptions options, RedisDiagnosticsOptions? diagnostics = null)
    {
        var reader = new RedisConfigurationReader(section);
        reader.Read(options, diagnostics ?? new RedisDiagnosticsOptions());
        return reader.Errors;
    }

    /// <summary>The diagnostics settings of <paramref name="section"/> (its <c>Diagnostics</c> sub-section).</summary>
    public static RedisDiagnosticsOptions ReadDiagnostics(IConfiguration section)
    {
        var diagnostics = new RedisDiagnosticsOptions();
        new RedisConfigurationReader(section).Read(new RedisOptions(), diagnostics);
        return diagnostics;
    }

    private void Read(RedisOptions options, RedisDiagnosticsOptions diagnostics)
    {
        var connectionString = (_root as IConfigurationSection)?.Value ?? _root["ConnectionString"];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            try
            {
                CopyConnectionStringSettings(RedisConnectionString.Parse(connectionString), options);
            }
            catch (ArgumentException e)
            {
                // The parser's messages never quote a password.
                _errors.Add($"{Key(_root, "ConnectionString")}: {e.Message.Replace(" (Parameter 'connectionString')", "", StringComparison.Ordinal)}");
            }
        }
        var known = new Section(this, _root, "ConnectionString", "Host", "Port", "UnixSocket", "User", "Password", "ClientName",
            "Database", "Protocol", "ConnectTimeout", "CommandTimeout", "QueueWhileDisconnected", "AbortOnConnectFail",
            "HealthCheckInterval", "RetryPolicy", "ReconnectBackoff", "ReaderLimits", "Tls", "Cluster", "Sentinel", "Diagnostics");
        var host = known.String("Host");
        var port = known.Int("Port");
        if (host is not null || port is not null)
        {
            options.EndPoint = Create(() => RedisEndPoint.Tcp(host ?? options.EndPoint.Host ?? "localhost", port ?? options.EndPoint.Port), "Port") ?? options.EndPoint;
        }
        if (known.String("UnixSocket") is { } path)
        {
            options.EndPoint = RedisEndPoint.Unix(path);
        }
        options.User = known.String("User") ?? options.User;
        options.Password = known.String("Password") ?? options.Password;
        options.ClientName = known.String("ClientName") ?? options.ClientName;
        options.Database = known.Int("Database") ?? options.Database;
        options.Protocol = known.Enum<RedisProtocol>("Protocol") ?? options.Protocol;
        options.ConnectTimeout = known.Duration("ConnectTimeout") ?? options.ConnectTimeout;
        options.CommandTimeout = known.Duration("CommandTimeout") ?? options.CommandTimeout;
        options.QueueWhileDisconnected = known.Bool("QueueWhileDisconnected") ?? options.QueueWhileDisconnected;
        options.AbortOnConnectFail = known.Bool("AbortOnConnectFail") ?? options.AbortOnConnectFail;
        options.HealthCheckInterval = known.Duration("HealthCheckInterval") ?? options.HealthCheckInterval;

        var retry = known.Child("RetryPolicy", "MaxRetries", "Backoff", "RetryUnknownOutcome", "RetryTimeouts");
        var policy = options.RetryPolicy;
        options.RetryPolicy = policy with
        {
            MaxRetries = retry.Int("MaxRetries") ?? policy.MaxRetries,
            Backoff = ReadBackoff(retry.Child("Backoff", "Min", "Max", "Jitter"), policy.Backoff),
            RetryUnknownOutcome = retry.Bool("RetryUnknownOutcome") ?? policy.RetryUnknownOutcome,
            RetryTimeouts = retry.Bool("RetryTimeouts") ?? policy.RetryTimeouts,
        };
        options.ReconnectBackoff = ReadBackoff(known.Child("ReconnectBackoff", "Min", "Max", "Jitter"), options.ReconnectBackoff);

        var limits = known.Child("ReaderLimits", "MaxBulkLength", "MaxDepth", "MaxAggregateLength");
        var current = options.ReaderLimits;
        var (bulk, depth, aggregate) = (limits.Int("MaxBulkLength"), limits.Int("MaxDepth"), limits.Int("MaxAggregateLength"));
        if (bulk is not null || depth is not null || aggregate is not null)
        {
            options.ReaderLimits = Create(() => new RespReaderOptions
            {
                MaxBulkLength = bulk ?? current.MaxBulkLength,
                MaxDepth = depth ?? current.MaxDepth,
                MaxAggregateLength = aggregate ?? current.MaxAggregateLength,
            }, limits.Key("MaxBulkLength|MaxDepth|MaxAggregateLength")) ?? current;
        }

        var tls = known.Child("Tls", "Enabled", "TargetHost", "CheckCertificateName", "CaCertificateFile", "ClientCertificateFile", "ClientKeyFile", "ClientCertificatePassword");
        options.Tls.Enabled = tls.Bool("Enabled") ?? options.Tls.Enabled;
        options.Tls.TargetHost = tls.String("TargetHost") ?? options.Tls.TargetHost;
        options.Tls.CheckCertificateName = tls.Bool("CheckCertificateName") ?? options.Tls.CheckCertificateName;
        options.Tls.CaCertificateFile = tls.String("CaCertificateFile") ?? options.Tls.CaCertificateFile;
        options.Tls.ClientCertificateFile = tls.String("ClientCertificateFile") ?? options.Tls.ClientCertificateFile;
        options.Tls.ClientKeyFile = tls.String("ClientKeyFile") ?? options.Tls.ClientKeyFile;
        options.Tls.ClientCertificatePassword = tls.String("ClientCertificatePassword") ?? options.Tls.ClientCertificatePassword;

        var cluster = known.Child("Cluster", "Enabled", "SeedEndPoints", "ReadFromReplicas", "MaxRedirects", "TopologyRefreshInterval", "MinRefreshInterval", "RetryWhileReconfiguring");
        options.Cluster.Enabled = cluster.Bool("Enabled") ?? options.Cluster.Enabled;
        foreach (var seed in cluster.EndPoints("SeedEndPoints", RedisEndPoint.DefaultPort))
        {
            options.Cluster.SeedEndPoints.Add(seed);
        }
        options.Cluster.ReadFromReplicas = cluster.Bool("ReadFromReplicas") ?? options.Cluster.ReadFromReplicas;
        options.Cluster.MaxRedirects = cluster.Int("MaxRedirects") ?? options.Cluster.MaxRedirects;
        options.Cluster.TopologyRefreshInterval = cluster.Duration("TopologyRefreshInterval") ?? options.Cluster.TopologyRefreshInterval;
        options.Cluster.MinRefreshInterval = cluster.Duration("MinRefreshInterval") ?? options.Cluster.MinRefreshInterval;
        options.Cluster.RetryWhileReconfiguring = cluster.Duration("RetryWhileReconfiguring") ?? options.Cluster.RetryWhileReconfiguring;

        var sentinel = known.Child("Sentinel", "ServiceName", "EndPoints", "User", "Password", "ReadFrom");
        if (sentinel.Exists)
        {
            var settings = options.Sentinel ??= new SentinelOptions();
            settings.ServiceName = sentinel.String("ServiceName") ?? settings.ServiceName;
            foreach (var endPoint in sentinel.EndPoints("EndPoints", SentinelOptions.DefaultPort))
            {
                settings.EndPoints.Add(endPoint);
            }
            settings.User = sentinel.String("User") ?? settings.User;
            settings.Password = sentinel.String("Password") ?? settings.Password;
            settings.ReadFrom = sentinel.Enum<SentinelReadFrom>("ReadFrom") ?? settings.ReadFrom;
        }

        var diagnosticsSection = known.Child("Diagnostics", "SlowCommandThreshold", "Metrics", "Tracing");
        diagnostics.SlowCommandThreshold = diagnosticsSection.Duration("SlowCommandThreshold") ?? diagnostics.SlowCommandThreshold;
        diagnostics.Metrics = diagnosticsSection.Bool("Metrics") ?? diagnostics.Metrics;
        diagnostics.Tracing = diagnosticsSection.Bool("Tracing") ?? diagnostics.Tracing;
    }

    private static Backoff ReadBackoff(Section section, Backoff current) => current with
    {
        Min = section.Duration("Min") ?? current.Min,
        Max = section.Duration("Max") ?? current.Max,
        Jitter = section.Double("Jitter") ?? current.Jitter,
    };

    private T? Create<T>(Func<T> create, string key)
        where T : class
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            _errors.Add($"{Key(_root, key)}: {e.Message}");
            return null;
        }
    }

    private static string Key(IConfiguration section, string key) =>
        section is IConfigurationSection { Path: { Length: > 0 } path } ? $"{path}:{key}" : key;

    /// <summary>Copies what a connection string can set; the options object itself belongs to the options system.</summary>
    public static void CopyConnectionStringSettings(RedisOptions parsed, RedisOptions options)
    {
        options.EndPoint = parsed.EndPoint;
        options.User = parsed.User;
        options.Password = parsed.Password;
        options.ClientName = parsed.ClientName;
        options.Database = parsed.Database;
        options.Protocol = parsed.Protocol;
        options.ConnectTimeout = parsed.ConnectTimeout;
        options.CommandTimeout = parsed.CommandTimeout;
        options.AbortOnConnectFail = parsed.AbortOnConnectFail;
        options.HealthCheckInterval = parsed.HealthCheckInterval;
        options.Tls = parsed.Tls;
        options.Cluster = parsed.Cluster;
        options.Sentinel = parsed.Sentinel;
        options.IgnoredConnectionStringOptions = parsed.IgnoredConnectionStringOptions;
    }

    /// <summary>One configuration section whose keys are known: reads typed values and reports the rest.</summary>
    private sealed class Section
    {
        private readonly RedisConfigurationReader _reader;
        private readonly IConfiguration _section;

        public Section(RedisConfigurationReader reader, IConfiguration section, params string[] known)
        {
            _reader = reader;
            _section = section;
            foreach (var child in section.GetChildren())
            {
                if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                {
                    reader._errors.Add($"{child.Path}: unknown key; the known ones here are {string.Join(", ", known)}.");
                }
            }
        }

        public bool Exists => _section.GetChildren().Any();

        public string Key(string key) => RedisConfigurationReader.Key(_section, key);

        public Section Child(string key, params string[] known) => new(_reader, _section.GetSection(key), known);

        public string? String(string key) => _section[key];

        public int? Int(string key) => Parse(key, "a whole number", text =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null);

        public double? Double(string key) => Parse(key, "a number", text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : (double?)null);

        public bool? Bool(string key) => Parse(key, "true or false", text => bool.TryParse(text, out var b) ? b : (bool?)null);

        public TEnum? Enum<TEnum>(string key)
            where TEnum : struct, System.Enum =>
            Parse(key, string.Join(" or ", System.Enum.GetNames<TEnum>()), text =>
                !int.TryParse(text, out _) && System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) ? value : (TEnum?)null);

        // A bare number would parse as days ("5" is five days), so a duration must be written as one: 00:00:05.
        public TimeSpan? Duration(string key) => Parse(key, "a duration such as 00:00:05 (hh:mm:ss), or -00:00:00.001 for infinite", text =>
            text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : (TimeSpan?)null);

        public IEnumerable<RedisEndPoint> EndPoints(string key, int defaultPort)
        {
            var list = _section.GetSection(key);
            var items = list.GetChildren().Select(c => (c.Path, c.Value)).ToList();
            if (list.Value is { } single)
            {
                items.Add((list.Path, single));
            }
            foreach (var (path, value) in items)
            {
                RedisEndPoint? endPoint = null;
                try
                {
                    endPoint = RedisEndPoint.Parse(value ?? "", defaultPort);
                }
                catch (FormatException e)
                {
                    _reader._errors.Add($"{path}: expected host[:port]. {e.Message}");
                }
                if (endPoint is not null)
                {
                    yield return endPoint;
                }
            }
        }

        private T? Parse<T>(string key, string expected, Func<string, T?> parse)
            where T : struct
        {
            if (_section[key] is not { } text)
            {
                return null;
            }
            if (parse(text.Trim()) is { } value)
            {
                return value;
            }
            // Passwords are read as strings, never parsed, so no secret reaches this message.
            _reader._errors.Add($"{Key(key)}: expected {expected}, not '{text}'.");
            return null;
        }
    }
}
