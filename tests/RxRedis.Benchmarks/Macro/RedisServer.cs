using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RxRedis.Benchmarks.Macro;

/// <summary>A redis-server on a free loopback port with persistence off, killed when disposed (or at exit).</summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private RedisServer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        Console.CancelKeyPress += (_, _) => Dispose();
    }

    public int Port { get; }

    /// <summary>Starts one server; <paramref name="extraArgs"/> are appended to its command line (cluster mode, say).</summary>
    public static async Task<RedisServer> StartAsync(IReadOnlyList<string>? extraArgs = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = RxRedis.IntegrationTests.Infrastructure.FreePort.Next();
            var dir = Directory.CreateTempSubdirectory("rxredis-bench-").FullName;
            var psi = new ProcessStartInfo("redis-server")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            string[] args = ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no", "--loglevel", "warning", .. extraArgs ?? []];
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }
            var process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new RedisServer(process, dir, port);
            if (await server.WaitForPingAsync())
            {
                return server;
            }
            server.Dispose();
            if (attempt == 5)
            {
                throw new InvalidOperationException("redis-server did not answer PING on a free port after 5 attempts.");
            }
        }
    }

    private async Task<bool> WaitForPingAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, Port);
                await socket.SendAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var n = await socket.ReceiveAsync(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (SocketException)
            {
            }
            await Task.Delay(50);
        }
        return false;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
            if (Directory.Exists(_dir))
            {
                Directory.Delete(_dir, recursive: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
        }
    }
}
