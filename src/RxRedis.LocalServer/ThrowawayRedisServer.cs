using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RxRedis.LocalServer;

/// <summary>
/// A <c>redis-server</c> from PATH on a free loopback port, with persistence off, in a temp directory; killed and
/// cleaned up on dispose. For the demo and the notebooks when no server answers.
/// </summary>
internal sealed class ThrowawayRedisServer : IThrowawayServer
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _directory;

    private ThrowawayRedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        ProcessId = process.Id;
        // A notebook kernel (or a demo) that ends without disposing this must not leave redis-server running on.
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    public int Port { get; }

    public int ProcessId { get; }

    public string Description => $"redis-server (pid {ProcessId})";

    /// <summary>The redis-server on PATH, or null when it is not installed.</summary>
    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts <paramref name="executable"/> and waits until its port accepts connections.</summary>
    /// <exception cref="InvalidOperationException">It exited or did not listen within 10 s.</exception>
    public static async Task<ThrowawayRedisServer> StartAsync(string executable, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("rxredis-demo-").FullName;
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        // Drain its output so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ThrowawayRedisServer(process, directory, port);
        try
        {
            await server.WaitUntilListeningAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartupTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} while starting on port {Port}.");
            }
            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on port {Port} within {StartupTimeout.TotalSeconds} s.");
    }
}
