using System.CommandLine;
using RxRedis.Cli.Bench;
using RxRedis.Cli.Demo;
using RxRedis.Cli.Exec;
using RxRedis.Cli.Monitor;
using RxRedis.Cli.Scan;
using RxRedis.Cli.Subscribe;
using Spectre.Console;

namespace RxRedis.Cli;

/// <summary>The <c>rxredis</c> command line: parses arguments and runs a command, writing to a Spectre console.</summary>
internal static class RxRedisCli
{
    /// <summary>Runs <paramref name="args"/>; returns the process exit code. Ctrl+C cancels the running command.</summary>
    /// <param name="args">The command line, e.g. <c>demo --url redis://localhost</c>.</param>
    /// <param name="console">Where the command renders its output.</param>
    /// <param name="cancellationToken">Stops the command as Ctrl+C would (tests use it).</param>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var url = new Option<string?>("--url", "-u")
        {
            Description = "The server, as a connection string (redis://, rediss://, unix://, host:port,...). Default: $REDIS_URL, else localhost:6379.",
            Recursive = true,
        };
        var root = new RootCommand("rxredis: a Redis client for .NET whose public face is IObservable<T>.")
        {
            DemoCommand.Create(url, console),
            ExecCommand.Create(url, console),
            SubscribeCommand.Create(url, console),
            ScanCommand.Create(url, console),
            MonitorCommand.Create(url, console),
            BenchCommand.Create(url, console),
        };
        root.Options.Add(url);
        // Help and parse errors go to the same console as everything else.
        var configuration = new InvocationConfiguration
        {
            Output = new ConsoleTextWriter(console),
            Error = new ConsoleTextWriter(console),
            // Time for a cancelled demo to stop its throwaway server before the process is ended.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(5),
        };
        return await root.Parse(args).InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
