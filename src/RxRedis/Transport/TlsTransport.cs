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
    // A TLS server answers the client hello at once. One that has said nothing by then may be a plaintext Redis port,
    // which waits silently for a newline that never comes: ask it in plain RESP (issue 13).
    private static readonly TimeSpan PlaintextProbeAfter = TimeSpan.FromSeconds(1);
    private static readonly byte[] Ping = "PING\r\n"u8.ToArray();

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
            using var handshakeStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var handshake = ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = targetHost,
                    RemoteCertificateValidationCallback = check.Validate,
                    ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                    // Redis deployments rarely publish revocation lists; checking would stall on unreachable URLs.
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                handshakeStop.Token);
            var quiet = Task.Delay(PlaintextProbeAfter, cancellationToken);
            if (await Task.WhenAny(handshake, quiet).ConfigureAwait(false) == quiet && await AnswersPlainRespAsync(endPoint, cancellationToken).ConfigureAwait(false))
            {
                await handshakeStop.CancelAsync().ConfigureAwait(false);
                await handshake.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
                throw PlaintextPort(endPoint);
            }
            await handshake.ConfigureAwait(false);
            // Only a certificate loaded from a file is ours to dispose; one the caller passed stays theirs.
            return new DedicatedIoPipe(new StreamDuplex(ssl, clientCertificate == _options.ClientCertificate ? null : clientCertificate), endPoint.ToString());
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
            // A plaintext port that did answer the hello (with a RESP error) broke the handshake instead of stalling it.
            if (e is AuthenticationException or IOException && check.Failure is null && await AnswersPlainRespAsync(endPoint, cancellationToken).ConfigureAwait(false))
            {
                throw PlaintextPort(endPoint);
            }
            if (e is AuthenticationException || check.Failure is not null)
            {
                throw new RedisConnectionException(
                    $"TLS handshake with {endPoint} failed: {check.Failure ?? e.Message}", CommandOutcome.NotSent, e);
            }
            throw;
        }
    }

    private static RedisConnectionException PlaintextPort(RedisEndPoint endPoint) => new(
        $"TLS handshake with {endPoint} failed: it is a plaintext port (it answered a plain RESP PING, not the TLS hello). "
        + "Connect to the server's tls-port, or turn Tls off for this port.", CommandOutcome.NotSent);

    /// <summary>Whether <paramref name="endPoint"/> answers <c>PING</c> in plain RESP (<c>+PONG</c>, or an error such as <c>-NOAUTH</c>).</summary>
    private static async Task<bool> AnswersPlainRespAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = await SocketTransport.OpenSocketAsync(endPoint, cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(Ping, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var first = new byte[1];
            return await socket.ReceiveAsync(first, SocketFlags.None, cancellationToken).ConfigureAwait(false) == 1 && first[0] is (byte)'+' or (byte)'-';
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false; // a TLS server drops a plain PING; whatever the cause, the handshake's own error stands
        }
    }
}
