using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RxRedis;

/// <summary>Where a Redis server listens: a TCP host and port, or a Unix domain socket path.</summary>
public sealed record RedisEndPoint
{
    /// <summary>The port Redis listens on unless told otherwise.</summary>
    public const int DefaultPort = 6379;

    private RedisEndPoint(string? host, int port, string? unixSocketPath)
    {
        Host = host;
        Port = port;
        UnixSocketPath = unixSocketPath;
    }

    /// <summary>The TCP host name or address; null for a Unix socket.</summary>
    public string? Host { get; }

    /// <summary>The TCP port; 0 for a Unix socket.</summary>
    public int Port { get; }

    /// <summary>The Unix domain socket path; null for TCP.</summary>
    public string? UnixSocketPath { get; }

    /// <summary>A TCP endpoint.</summary>
    public static RedisEndPoint Tcp(string host, int port = DefaultPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return new RedisEndPoint(host, port, null);
    }

    /// <summary>
    /// Parses <c>host</c>, <c>host:port</c>, <c>[ipv6]</c> or <c>[ipv6]:port</c>, as connection strings and
    /// configuration lists (<c>Cluster:SeedEndPoints</c>, <c>Sentinel:EndPoints</c>) write them.
    /// </summary>
    /// <param name="text">The address.</param>
    /// <param name="defaultPort">The port when none is given: 6379 for Redis, 26379 for a sentinel.</param>
    /// <exception cref="FormatException">The host is empty or the port is not a number between 1 and 65535; the message quotes <paramref name="text"/>.</exception>
    public static RedisEndPoint Parse(string text, int defaultPort = DefaultPort)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        var bare = colon < 0 || text.EndsWith(']');
        var port = defaultPort;
        if (!bare && (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new FormatException($"The port in '{text}' is not a number between 1 and 65535.");
        }
        var host = (bare ? text : text[..colon]).Trim('[', ']');
        return string.IsNullOrWhiteSpace(host)
            ? throw new FormatException($"The host in '{text}' is empty; name the host, e.g. 'localhost:6379'.")
            : Tcp(host, port);
    }

    /// <summary>A Unix domain socket endpoint.</summary>
    public static RedisEndPoint Unix(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new RedisEndPoint(null, 0, path);
    }

    /// <summary>The socket address to connect to (DNS names resolve at connect time).</summary>
    public EndPoint ToEndPoint() => UnixSocketPath is not null
        ? new UnixDomainSocketEndPoint(UnixSocketPath)
        : IPAddress.TryParse(Host, out var address) ? new IPEndPoint(address, Port) : new DnsEndPoint(Host!, Port);

    /// <summary><c>host:port</c>, or <c>unix:/path</c>.</summary>
    public override string ToString() => UnixSocketPath is not null
        ? "unix:" + UnixSocketPath
        : Host!.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
