using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RxRedis.IntegrationTests.Transport;

/// <summary>
/// A throwaway CA with a server certificate (for localhost and 127.0.0.1) and a client certificate, made with
/// <see cref="CertificateRequest"/> and written as PEM (and the client also as PKCS#12) into a temp directory.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public const string PfxPassword = "test-pfx-password";

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string ServerCertFile => Path.Combine(Directory, "server.pem");

    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    public string ClientCertFile => Path.Combine(Directory, "client.pem");

    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    public string ClientPfxFile => Path.Combine(Directory, "client.pfx");

    /// <summary>Creates the CA and both certificates under a fresh temp directory; <paramref name="serverExpired"/> dates the server's in the past.</summary>
    public static TestCertificates Create(string caName = "RxRedis Test CA", bool serverExpired = false)
    {
        var certificates = new TestCertificates(System.IO.Directory.CreateTempSubdirectory("rxredis-tls-").FullName);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));
        File.WriteAllText(certificates.CaFile, ca.ExportCertificatePem());

        var serverNotAfter = serverExpired ? now.AddHours(-1) : now.AddDays(1);
        Issue(ca, "localhost", ServerAuth, certificates.ServerCertFile, certificates.ServerKeyFile, pfxFile: null, serverNotAfter);
        Issue(ca, "rxredis-test-client", ClientAuth, certificates.ClientCertFile, certificates.ClientKeyFile, certificates.ClientPfxFile, now.AddDays(1));
        return certificates;
    }

    /// <summary>The client certificate with its key, as an object (the caller disposes it).</summary>
    public X509Certificate2 LoadClientCertificate() => X509Certificate2.CreateFromPemFile(ClientCertFile, ClientKeyFile);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static void Issue(X509Certificate2 ca, string commonName, Oid usage, string certFile, string keyFile, string? pfxFile, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(commonName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        if (pfxFile is not null)
        {
            using var withKey = certificate.CopyWithPrivateKey(key);
            File.WriteAllBytes(pfxFile, withKey.Export(X509ContentType.Pfx, PfxPassword));
        }
    }
}
