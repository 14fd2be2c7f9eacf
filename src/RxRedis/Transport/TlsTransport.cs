using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace RxRedis.Transport;

/// <summary>
/// TLS over a TCP (or Unix) socket through <see cref="SslStream"/>. <see cref="RedisClient"/> uses it by itself when
/// <see cref="RedisOptions.Tls"/> is enabled. Certificate files are read at each connect, so a renewed client
/// certificate or CA bundle is picked up on the next reconnect.
/// </summary>
public sealed class TlsTransport : IRedisTransport
{
    private readonly RedisTlsOptions _options;

    /// <summary>Creates a transport with a copy of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The settings conflict (see <see cref="RedisTlsOptions.Validate"/>).</exception>
    public TlsTransport(RedisTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
    }

    /// <inheritdoc />
    /// <exception cref="RedisConnectionException">
    /// The TLS handshake failed; the message says why (untrusted certificate, name mismatch, rejected client).
    /// </exception>
    public async ValueTask<IRedisDuplexPipe> ConnectAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var targetHost = _options.TargetHost ?? endPoint.Host
            ?? throw new ArgumentException("TLS over a Unix socket needs Tls.TargetHost: the name the server's certificate carries.", nameof(endPoint));
        using var trustedRoots = TlsCertificates.LoadCaCertificates(_options);
        var clientCertificate = TlsCertificates.LoadClientCertificate(_options);
        var check = new ServerCertificateCheck(_options, trustedRoots, targetHost);
        SslStream? ssl = null;
        try
        {
            var socket = await SocketTransport.OpenSocketAsync(endPoint, cancellationToken).ConfigureAwait(false);
            ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = targetHost,
                    RemoteCertificateValidationCallback = check.Validate,
                    ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                    // Redis deployments rarely publish revocation lists; checking would stall on unreachable URLs.
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                cancellationToken).ConfigureAwait(false);
            // Only a certificate loaded from a file is ours to dispose; one the caller passed stays theirs.
            return new StreamPipe(ssl, clientCertificate == _options.ClientCertificate ? null : clientCertificate);
        }
        catch (Exception e)
        {
            if (ssl is not null)
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
            }
            if (clientCertificate != _options.ClientCertificate)
            {
                clientCertificate?.Dispose();
            }
            if (e is AuthenticationException || check.Failure is not null)
            {
                throw new RedisConnectionException(
                    $"TLS handshake with {endPoint} failed: {check.Failure ?? e.Message}", CommandOutcome.NotSent, e);
            }
            throw;
        }
    }
}
