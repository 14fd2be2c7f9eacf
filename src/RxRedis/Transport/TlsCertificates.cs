using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RxRedis.Transport;

/// <summary>Reads the certificates named in <see cref="RedisTlsOptions"/>, with errors that name the file.</summary>
internal static class TlsCertificates
{
    /// <summary>The CA certificates of <see cref="RedisTlsOptions.CaCertificateFile"/>, or null when none is set.</summary>
    public static TrustedRoots? LoadCaCertificates(RedisTlsOptions options)
    {
        if (options.CaCertificateFile is not { } path)
        {
            return null;
        }
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new RedisConnectionException($"Could not read the TLS CA certificate file '{path}': {e.Message}", CommandOutcome.NotSent, e);
        }
        if (certificates.Count == 0)
        {
            throw new RedisConnectionException($"The TLS CA certificate file '{path}' holds no PEM certificate.", CommandOutcome.NotSent);
        }
        return new TrustedRoots(path, certificates);
    }

    /// <summary>The client certificate to present, or null when none is set.</summary>
    public static X509Certificate2? LoadClientCertificate(RedisTlsOptions options)
    {
        if (options.ClientCertificate is { } given)
        {
            return given;
        }
        if (options.ClientCertificateFile is not { } path)
        {
            return null;
        }
        try
        {
            return IsPkcs12(path)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, options.ClientCertificatePassword)
                : X509Certificate2.CreateFromPemFile(path, options.ClientKeyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new RedisConnectionException($"Could not read the TLS client certificate '{path}': {e.Message}", CommandOutcome.NotSent, e);
        }
    }

    // PEM is text starting with "-----BEGIN"; anything else is taken for PKCS#12 (DER).
    private static bool IsPkcs12(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[16];
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return !head[..read].Trim("\r\n\t "u8).StartsWith("-----BEGIN"u8);
    }
}
