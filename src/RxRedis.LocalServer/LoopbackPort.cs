using System.Net;
using System.Net.Sockets;

namespace RxRedis.LocalServer;

/// <summary>Free TCP ports on the loopback interface, for the servers the demo starts.</summary>
internal static class LoopbackPort
{
    /// <summary>A port nothing listens on right now (the OS picks it).</summary>
    public static int Free()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
