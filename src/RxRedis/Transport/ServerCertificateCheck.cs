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
        // An expired certificate fails the chain with NotTimeValid alone; saying it "does not chain to a CA" would
        // send the user after the wrong file (issue 13), so the dates are reported instead of that status.
        var validity = ValidityProblem(server);
        if (validity is not null)
        {
            problems.Add(validity);
        }
        var chainProblem = trustedRoots is null
            ? (errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 ? SystemChainProblem(chain, validity is not null) : null
            : CustomChainProblem(server, chain, trustedRoots, validity is not null);
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

    private static string? ValidityProblem(X509Certificate2 server)
    {
        var now = DateTime.Now; // NotBefore and NotAfter are in local time
        return server.NotAfter < now
            ? $"it expired on {server.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC (renew it, or check this machine's clock)"
            : server.NotBefore > now
                ? $"it is not valid before {server.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC (check this machine's clock)"
                : null;
    }

    private static string? SystemChainProblem(X509Chain? chain, bool datesReported) =>
        datesReported && OnlyTimeInvalid(chain)
            ? null
            : $"it does not chain to a root this machine trusts ({ChainStatus(chain)}); pass its CA with Tls.CaCertificateFile";

    // A custom root replaces the system's: the platform's verdict is ignored and the chain rebuilt against the file.
    private static string? CustomChainProblem(X509Certificate2 server, X509Chain? presented, TrustedRoots roots, bool datesReported)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.Certificates);
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }
        return chain.Build(server) || (datesReported && OnlyTimeInvalid(chain))
            ? null
            : $"it does not chain to a CA in '{roots.Path}' ({ChainStatus(chain)}; issuer: {server.Issuer})";
    }

    private static bool OnlyTimeInvalid(X509Chain? chain) =>
        chain?.ChainStatus.All(s => s.Status is X509ChainStatusFlags.NoError or X509ChainStatusFlags.NotTimeValid) == true;

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
