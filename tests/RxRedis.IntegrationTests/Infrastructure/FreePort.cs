using System.Net;
using System.Net.Sockets;

namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>Asks the OS for an unused loopback port.</summary>
/// <remarks>
/// The port is free only until someone else binds it; callers that hand it to another process must retry
/// on "address already in use".
/// </remarks>
public static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
