using System.Globalization;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Transport;

/// <summary>
/// Two redis-servers with TLS on a second port, both presenting <see cref="Certificates"/>' server certificate: one
/// that accepts any client (<c>--tls-auth-clients no</c>) and one that requires a client certificate signed by the CA.
/// Each keeps its plain port, which the fixture uses to see that it is up.
/// </summary>
public sealed class TlsServerFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;
    private RedisServerProcess? _mutualServer;

    public TestCertificates Certificates { get; } = TestCertificates.Create();

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("Not initialized.");

    public RedisServerProcess MutualServer => _mutualServer ?? throw new InvalidOperationException("Not initialized.");

    public int TlsPort { get; private set; }

    public int MutualTlsPort { get; private set; }

    public async Task InitializeAsync()
    {
        TlsPort = FreePort.Next();
        _server = await RedisServerProcess.StartAsync(ServerOptions(Certificates, TlsPort, "no"));
        MutualTlsPort = FreePort.Next();
        _mutualServer = await RedisServerProcess.StartAsync(ServerOptions(Certificates, MutualTlsPort, "yes"));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (_mutualServer is not null)
        {
            await _mutualServer.DisposeAsync();
        }
        Certificates.Dispose();
    }

    /// <summary>A server with TLS on <paramref name="tlsPort"/> presenting <paramref name="certificates"/>' server certificate.</summary>
    public static RedisServerOptions ServerOptions(TestCertificates certificates, int tlsPort, string authClients) => new()
    {
        ExtraArgs =
        [
            "--tls-port", tlsPort.ToString(CultureInfo.InvariantCulture),
            "--tls-cert-file", certificates.ServerCertFile,
            "--tls-key-file", certificates.ServerKeyFile,
            "--tls-ca-cert-file", certificates.CaFile,
            "--tls-auth-clients", authClients,
        ],
    };
}
