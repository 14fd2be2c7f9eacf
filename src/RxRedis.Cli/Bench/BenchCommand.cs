using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;

namespace RxRedis.Cli.Bench;

/// <summary>
/// <c>rxredis bench [macro options]</c>: runs the macro benchmark (RxRedis vs StackExchange.Redis) from a source
/// checkout, as <c>dotnet run -c Release --project tests/RxRedis.Benchmarks -- macro ...</c>.
/// </summary>
/// <remarks>
/// It shells out rather than referencing the benchmark project: a reference would ship BenchmarkDotNet,
/// StackExchange.Redis and ScottPlot inside the rxredis tool for one command, and the benchmark must be a Release
/// build of its own to mean anything. So bench works only inside a clone of the repository (it finds RxRedis.sln
/// above the current directory) and says so otherwise.
/// </remarks>
internal static class BenchCommand
{
    private const string ProjectPath = "tests/RxRedis.Benchmarks";

    public static Command Create(Option<string?> url, IAnsiConsole console)
    {
        var command = new Command(
            "bench",
            "Run the macro benchmark from a source checkout (dotnet run -c Release --project tests/RxRedis.Benchmarks -- macro); "
            + "other options pass through, e.g. --rounds 1 --keys 100000 --only set,get. Ctrl+C stops.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var passThrough = result.UnmatchedTokens.ToList();
            var shown = passThrough.ToList();
            if (ServerAddress.Resolve(result.GetValue(url)) is { } server)
            {
                // Checked here, so a malformed URL fails in words before a build starts; the echoed command line
                // must not show a password.
                RedisOptions options;
                try
                {
                    options = RedisOptions.Parse(server);
                }
                catch (ArgumentException e)
                {
                    console.MarkupLine($"[red]{Markup.Escape(e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal))}[/]");
                    return Task.FromResult(1);
                }
                passThrough.AddRange(["--url", server]);
                shown.AddRange(["--url", options.Password is null && options.Sentinel?.Password is null ? server : "***"]);
            }
            return RunAsync(console, passThrough, shown, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, List<string> macroArguments, List<string> shownArguments, CancellationToken cancellationToken)
    {
        var root = FindRepositoryRoot(Environment.CurrentDirectory);
        if (root is null)
        {
            console.MarkupLine($"[red]bench runs the benchmark project from a source checkout: no RxRedis.sln above {Markup.Escape(Environment.CurrentDirectory)}.[/]");
            return 1;
        }
        var start = new ProcessStartInfo("dotnet")
        {
            // The caller's directory, so a relative --out lands where they expect.
            WorkingDirectory = Environment.CurrentDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["run", "-c", "Release", "--project", Path.Combine(root, ProjectPath), "--", "macro", .. macroArguments])
        {
            start.ArgumentList.Add(argument);
        }
        console.MarkupLine($"[grey]dotnet {Markup.Escape(string.Join(' ', start.ArgumentList.Take(start.ArgumentList.Count - macroArguments.Count).Concat(shownArguments)))}[/]");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var gate = new Lock(); // stdout and stderr lines arrive on two tasks; the console is not thread-safe
        var output = Task.WhenAll(CopyLinesAsync(process.StandardOutput, console, gate), CopyLinesAsync(process.StandardError, console, gate));
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await output.ConfigureAwait(false);
            return process.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The redis-server the benchmark started is its child, so it goes with the tree.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            console.MarkupLine("[yellow]Stopped (Ctrl+C).[/]");
            return 130;
        }
    }

    private static async Task CopyLinesAsync(StreamReader reader, IAnsiConsole console, Lock gate)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (gate)
            {
                console.WriteLine(line);
            }
        }
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RxRedis.sln")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
