using Microsoft.Extensions.Configuration;

namespace RxRedis.Extensions;

/// <summary>
/// Reads <see cref="RedisOptions"/> from configuration: a connection string (any form, <c>redis-sentinel://</c>
/// included) as the section's own value or its <c>ConnectionString</c> key, then any of the fields (which override it): <c>Host</c>, <c>Port</c>,
/// <c>UnixSocket</c>, <c>User</c>, <c>Password</c>, <c>ClientName</c>, <c>Database</c>, <c>Protocol</c>,
/// <c>ConnectTimeout</c>, and <c>Tls:*</c> (the string and boolean settings of <see cref="RedisTlsOptions"/>).
/// </summary>
internal static class RedisConfigurationReader
{
    public static void Apply(IConfiguration section, RedisOptions options)
    {
        var connectionString = (section as IConfigurationSection)?.Value ?? section["ConnectionString"];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            CopyConnectionStringSettings(RedisConnectionString.Parse(connectionString), options);
        }
        var host = section["Host"];
        var port = section.GetValue<int?>("Port");
        if (host is not null || port is not null)
        {
            options.EndPoint = RedisEndPoint.Tcp(host ?? options.EndPoint.Host ?? "localhost", port ?? options.EndPoint.Port);
        }
        if (section["UnixSocket"] is { } path)
        {
            options.EndPoint = RedisEndPoint.Unix(path);
        }
        options.User = section["User"] ?? options.User;
        options.Password = section["Password"] ?? options.Password;
        options.ClientName = section["ClientName"] ?? options.ClientName;
        options.Database = section.GetValue("Database", options.Database);
        options.Protocol = section.GetValue("Protocol", options.Protocol);
        options.ConnectTimeout = section.GetValue("ConnectTimeout", options.ConnectTimeout);

        var tls = section.GetSection("Tls");
        options.Tls.Enabled = tls.GetValue("Enabled", options.Tls.Enabled);
        options.Tls.TargetHost = tls["TargetHost"] ?? options.Tls.TargetHost;
        options.Tls.CheckCertificateName = tls.GetValue("CheckCertificateName", options.Tls.CheckCertificateName);
        options.Tls.CaCertificateFile = tls["CaCertificateFile"] ?? options.Tls.CaCertificateFile;
        options.Tls.ClientCertificateFile = tls["ClientCertificateFile"] ?? options.Tls.ClientCertificateFile;
        options.Tls.ClientKeyFile = tls["ClientKeyFile"] ?? options.Tls.ClientKeyFile;
        options.Tls.ClientCertificatePassword = tls["ClientCertificatePassword"] ?? options.Tls.ClientCertificatePassword;
    }

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
        options.Tls = parsed.Tls;
        options.Sentinel = parsed.Sentinel;
    }
}
