using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port in its own temp directory, with persistence off, owned by one
/// test or fixture; with <c>RXREDIS_TEST_SERVER=garnet</c> (see <see cref="TestServer"/>) a Garnet server instead.
/// It talks to the server with raw sockets only, so it works whatever state the client is in.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    public const string Host = "127.0.0.1";

    private const string NotInstalledMessage =
        "redis-server is not installed; run `apt-get install -y redis-server` (the .ci/run script does this), or run the "
        + "tests against Garnet with RXREDIS_TEST_SERVER=garnet after `dotnet tool restore` (README, Testing)";

    private const int PortAttempts = 5;
    // Garnet is a .NET program shipped as IL only (no ReadyToRun), so every start JITs it: 0.67 s of CPU to its first
    // PONG, 0.8-1.5 s of wall time alone at a load average of 16 on the 2-core machine (redis-server: milliseconds).
    // Test classes start their servers in parallel, so several such starts share the 2 cores with the build or a
    // package restore: ~3.5 s at a load of 26, once past 10 s. Real CPU cost, not a hang: the bound is for that.
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(TestServer.Kind == ServerKind.Garnet ? 30 : 10);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly string _executable;
    private readonly RedisServerOptions _options;
    private const string LogFile = "server.log";
    private const string ConfigFile = "redis.conf";
    private const int LogTailLines = 200;
    private Process? _process;

    private RedisServerProcess(string executable, RedisServerOptions options, string directory)
    {
        _executable = executable;
        _options = options;
        DataDirectory = directory;
        UnixSocketPath = options.UnixSocket ? Path.Combine(directory, "redis.sock") : null;
    }

    public int Port { get; private set; }

    /// <summary>"127.0.0.1:port".</summary>
    public string Endpoint => $"{Host}:{Port}";

    public IPEndPoint TcpEndPoint => new(IPAddress.Loopback, Port);

    /// <summary>The Unix socket path when <see cref="RedisServerOptions.UnixSocket"/> is set; otherwise null.</summary>
    public string? UnixSocketPath { get; }

    public string? Password => _options.Password;

    /// <summary>The server's temp directory (its <c>--dir</c>); removed on dispose.</summary>
    public string DataDirectory { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the server logged (stdout and stderr).</summary>
    public string OutputTail => ReadLogTail();

    /// <summary>Starts a server and waits until it answers PING.</summary>
    /// <exception cref="InvalidOperationException">redis-server is not on PATH, or it exited during startup.</exception>
    /// <exception cref="TimeoutException">It did not answer PING within 10 seconds (Garnet: 30).</exception>
    public static async Task<RedisServerProcess> StartAsync(
        RedisServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var executable = TestServer.Kind == ServerKind.Garnet
            ? GarnetServerProgram.Host
            : FindOnPath("redis-server") ?? throw new InvalidOperationException(NotInstalledMessage);
        var directory = Directory.CreateTempSubdirectory("rxredis-").FullName;
        var server = new RedisServerProcess(executable, options ?? new RedisServerOptions(), directory);
        try
        {
            if (server._options.ConfigLines.Count > 0)
            {
                await File.WriteAllLinesAsync(Path.Combine(directory, ConfigFile), server._options.ConfigLines, cancellationToken);
            }
            for (var attempt = 1; ; attempt++)
            {
                server.Port = FreePort.Next();
                try
                {
                    await server.LaunchAsync(cancellationToken);
                    return server;
                }
                catch (InvalidOperationException) when (attempt < PortAttempts && server.ReadLogTail().Contains("Address already in use", StringComparison.Ordinal))
                {
                    // Someone took the port between FreePort.Next() and the server's bind; try another.
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server with SIGKILL, as a crash would; nothing is flushed or closed cleanly.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    /// <summary>Starts the server again on the same port with the same arguments (killing it first if it runs).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Kill();
        await LaunchAsync(cancellationToken);
    }

    /// <summary>Shuts the server down with <c>SHUTDOWN NOSAVE</c>, killing it if it does not exit in time.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        try
        {
            await ExecRawAsync("SHUTDOWN", "NOSAVE");
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // A successful SHUTDOWN closes the connection instead of replying.
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>
    /// Sends one command on a fresh raw connection, authenticating first when a password is set, and returns the
    /// reply as text (see <see cref="RawRedisConnection"/> for the format).
    /// </summary>
    public async Task<string> ExecRawAsync(params string[] args)
    {
        using var timeout = new CancellationTokenSource(CommandTimeout);
        return await RawRedisConnection.ExecOnceAsync(TcpEndPoint, Password, args, timeout.Token);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        _process = null;
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        _process?.Dispose();
        // The server's output goes to a file through the shell rather than to redirected pipes: on Unix .NET reads
        // redirected pipes with blocking thread-pool threads, two per server, which starves the pool on 2 cores.
        // `exec` makes redis-server replace the shell, so Kill() signals the server itself.
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = DataDirectory,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add($"exec \"$0\" \"$@\" >>{LogFile} 2>&1");
        startInfo.ArgumentList.Add(_executable);
        foreach (var arg in BuildArguments())
        {
            startInfo.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = startInfo };
        process.Start();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartupTimeout)
        {
            if (process.HasExited)
            {
                // Waiting again lets the output handlers drain, so the tail below is complete.
                await process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"{TestServer.Kind} server exited with code {process.ExitCode} during startup on port {Port}.{Describe()}");
            }

            if (await AnswersPingAsync(cancellationToken))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        Kill();
        throw new TimeoutException(
            $"{TestServer.Kind} server did not answer PING on port {Port} within {StartupTimeout.TotalSeconds} s.{Describe()}");
    }

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            var reply = await RawRedisConnection.ExecOnceAsync(TcpEndPoint, password: null, ["PING"], attempt.Token);
            return reply == "PONG" || reply.StartsWith("(error) NOAUTH", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or SocketException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private List<string> BuildArguments()
    {
        if (TestServer.Kind == ServerKind.Garnet)
        {
            return GarnetServerProgram.Arguments(_options, Port, DataDirectory, UnixSocketPath);
        }
        List<string> args = [];
        if (_options.ConfigLines.Count > 0)
        {
            // A config file must come first; the options after it override its lines.
            args.Add(Path.Combine(DataDirectory, ConfigFile));
        }
        if (_options.Sentinel)
        {
            args.Add("--sentinel");
        }
        args.AddRange(
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--bind", Host,
            "--dir", DataDirectory,
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--protected-mode", "no",
            "--logfile", "",
        ]);
        if (_options.Password is { } password)
        {
            args.AddRange(["--requirepass", password]);
        }

        foreach (var user in _options.AclUsers)
        {
            args.AddRange(["--user", user.Name, "on", ">" + user.Password, .. user.Rules]);
        }

        foreach (var (command, newName) in _options.RenameCommands)
        {
            args.AddRange(["--rename-command", command, newName]);
        }

        if (UnixSocketPath is { } socketPath)
        {
            args.AddRange(["--unixsocket", socketPath, "--unixsocketperm", "700"]);
        }

        if (_options.EnableDebugCommand)
        {
            args.AddRange(["--enable-debug-command", "yes"]);
        }

        args.AddRange(_options.ExtraArgs);
        return args;
    }

    private string Describe() =>
        $"\nCommand: {_executable} {string.Join(' ', BuildArguments().Select(a => a.Length == 0 ? "\"\"" : a))}"
        + $"\n--- server output (last lines) ---\n{ReadLogTail()}";

    private string ReadLogTail()
    {
        var path = Path.Combine(DataDirectory, LogFile);
        if (!File.Exists(path))
        {
            return string.Empty;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            if (lines.Count == LogTailLines)
            {
                lines.Dequeue();
            }
            lines.Enqueue(line);
        }
        return string.Join('\n', lines);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
