using System.Security.Cryptography.X509Certificates;

namespace RxRedis.Transport;

/// <summary>CA certificates read from a file, disposed together once the handshake that needed them is over.</summary>
internal sealed class TrustedRoots(string path, X509Certificate2Collection certificates) : IDisposable
{
    /// <summary>The file they came from, for error messages.</summary>
    public string Path { get; } = path;

    /// <summary>The certificates.</summary>
    public X509Certificate2Collection Certificates { get; } = certificates;

    public void Dispose()
    {
        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }
    }
}
