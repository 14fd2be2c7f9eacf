using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RxRedis.Transport;

/// <summary>
/// Validates the server's certificate for one handshake and remembers why it was rejected, because
/// <see cref="SslStream"/> itself reports only that the remote certificate was invalid.
/// </summary>
internal sealed class ServerCertificateCheck(RedisTlsOptions options, TrustedRoots? trustedRoots, string targetHost)
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";

    /// <summary>Why the certificate was rejected, in words; null while it has not been.</summary>
    public string? Failure { get; private set; }

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/> for the handshake.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (options.ServerCertificateValidation is { } custom)
        {
            if (custom(sender, certificate, chain, errors))
            {
                return true;
            }
            Failure = $"the server's certificate{Describe(certificate)} was rejected by Tls.ServerCertificateValidation ({errors}).";
            return false;
        }
        if (certificate is not X509Certificate2 server)
        {
            Failure = "the server presented no certificate.";
            return false;
        }
        var problems = new List<string>();
        var chainProblem = trustedRoots is null
            ? (errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 ? SystemChainProblem(chain) : null
            : CustomChainProblem(server, chain, trustedRoots);
        if (chainProblem is not null)
        {
            problems.Add(chainProblem);
        }
        if (options.CheckCertificateName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            problems.Add($"it is issued for {NamesIn(server)}, not for '{targetHost}' (connect by one of those names, or set Tls.TargetHost to it)");
        }
        if (problems.Count == 0)
        {
            return true;
        }
        Failure = $"the server's certificate{Describe(server)} is not accepted: {string.Join("; and ", problems)}.";
        return false;
    }

    private static string SystemChainProblem(X509Chain? chain) =>
        $"it does not chain to a root this machine trusts ({ChainStatus(chain)}); pass its CA with Tls.CaCertificateFile";

    // A custom root replaces the system's: the platform's verdict is ignored and the chain rebuilt against the file.
    private static string? CustomChainProblem(X509Certificate2 server, X509Chain? presented, TrustedRoots roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.Certificates);
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }
        return chain.Build(server)
            ? null
            : $"it does not chain to a CA in '{roots.Path}' ({ChainStatus(chain)}; issuer: {server.Issuer})";
    }

    private static string ChainStatus(X509Chain? chain)
    {
        var statuses = chain?.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => s.Status.ToString())
            .Distinct()
            .ToList();
        return statuses is { Count: > 0 } ? string.Join(", ", statuses) : "chain errors";
    }

    private static string NamesIn(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == SubjectAlternativeNameOid)
            {
                var san = new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
                names.AddRange(san.EnumerateDnsNames());
                names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
            }
        }
        return names.Count > 0
            ? string.Join(", ", names.Select(n => $"'{n}'"))
            : $"'{certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}' (no subject alternative names)";
    }

    private static string Describe(X509Certificate? certificate) =>
        certificate is null ? "" : $" ({certificate.Subject})";
}
