using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RxRedis;

/// <summary>
/// TLS settings of a <see cref="RedisOptions"/>. A <c>rediss://</c> connection string turns TLS on. By default the
/// server's certificate must chain to a root the operating system trusts and name the host connected to.
/// </summary>
public sealed class RedisTlsOptions
{
    /// <summary>Whether to connect over TLS. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The name the server's certificate must carry (and the SNI name sent), when it differs from the endpoint's
    /// host, e.g. connecting to an IP address whose certificate names a DNS name. Null uses the endpoint's host.
    /// </summary>
    public string? TargetHost { get; set; }

    /// <summary>
    /// Whether the certificate must name <see cref="TargetHost"/> (or the endpoint's host). Default true; turn it off
    /// only for a server whose certificate you trust through <see cref="CaCertificateFile"/> but cannot reissue.
    /// </summary>
    public bool CheckCertificateName { get; set; } = true;

    /// <summary>
    /// A PEM file with the CA certificate(s) that the server's certificate must chain to, instead of the operating
    /// system's roots (like redis-cli's <c>--cacert</c>).
    /// </summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>
    /// Decides whether the server's certificate is acceptable, replacing the built-in check (chain and name). Cannot
    /// be combined with <see cref="CaCertificateFile"/>.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>
    /// The client certificate file for mutual TLS: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>, see
    /// <see cref="ClientCertificatePassword"/>) or a PEM certificate whose key is in <see cref="ClientKeyFile"/>
    /// (or in the same file).
    /// </summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="ClientCertificateFile"/>; null when the key is in that file.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="ClientCertificateFile"/>. Never shown in text.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>A client certificate with its private key, instead of <see cref="ClientCertificateFile"/>.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>A copy, so a client's settings cannot change under it.</summary>
    public RedisTlsOptions Clone() => (RedisTlsOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that conflicts with another.</summary>
    public void Validate()
    {
        if (CaCertificateFile is not null && ServerCertificateValidation is not null)
        {
            throw new ArgumentException(
                "Set either a CA certificate file or a server certificate validation callback, not both.", nameof(CaCertificateFile));
        }
        if (ClientCertificateFile is not null && ClientCertificate is not null)
        {
            throw new ArgumentException(
                "Set either a client certificate file or a client certificate object, not both.", nameof(ClientCertificateFile));
        }
        if (ClientKeyFile is not null && ClientCertificateFile is null)
        {
            throw new ArgumentException("A client key file needs a client certificate file.", nameof(ClientKeyFile));
        }
        if (TargetHost is { } host && string.IsNullOrWhiteSpace(host))
        {
            throw new ArgumentException("The TLS target host is empty; leave it null to use the endpoint's host.", nameof(TargetHost));
        }
    }
}
