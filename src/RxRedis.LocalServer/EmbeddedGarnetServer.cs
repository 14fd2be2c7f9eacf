using System.Globalization;
using Garnet;

namespace RxRedis.LocalServer;

/// <summary>
/// Microsoft Garnet (a RESP server written in .NET, https://microsoft.github.io/garnet/) running inside the caller's
/// own process on a free loopback port: the server of the demo and the notebooks when none answers and redis-server is
/// not installed, so they need nothing but the .NET SDK (issue 16). The RxRedis library does not reference Garnet.
/// </summary>
internal sealed class EmbeddedGarnetServer : IThrowawayServer
{
    // A demo's or notebook's data is at most a few hundred thousand keys: small stores instead of Garnet's production defaults (16 GiB log).
    private const string LogMemory = "128m";
    private const string IndexSize = "16m";

    private readonly GarnetServer _server;

    private EmbeddedGarnetServer(GarnetServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public string Description => "Garnet, in this process";

    /// <summary>Starts Garnet on a free loopback port; it accepts connections when this returns.</summary>
    /// <exception cref="InvalidOperationException">Garnet could not start (its message says why).</exception>
    public static EmbeddedGarnetServer Start()
    {
        var port = LoopbackPort.Free();
        string[] args =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--memory", LogMemory,
            "--index", IndexSize,
            "--logger-level", "None",
        ];
        GarnetServer? server = null;
        try
        {
            server = new GarnetServer(args);
            server.Start();
            return new EmbeddedGarnetServer(server, port);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            server?.Dispose();
            throw new InvalidOperationException($"The embedded Garnet server did not start on port {port}: {e.Message}", e);
        }
    }

    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        return ValueTask.CompletedTask;
    }
}
