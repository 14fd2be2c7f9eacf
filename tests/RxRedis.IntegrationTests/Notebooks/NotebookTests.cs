using System.Diagnostics;
using System.Security.Cryptography;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Notebooks;

/// <summary>
/// Every notebook in notebooks/ runs headless (dotnet-repl) against its own redis-server, and no cell may fail.
/// Each starts a fresh server because the notebooks change server settings (keyspace notifications).
/// </summary>
[Collection(NotebookCollectionDefinition.Name)]
public sealed class NotebookTests(ITestOutputHelper output)
{
    private static readonly TimeSpan NotebookTimeout = TimeSpan.FromSeconds(120);

    private static readonly string[] NotebookFiles =
    [
        "getting-started.ipynb",
        "pipelining-and-bulk.ipynb",
        "retry-and-timeouts-virtual-time.ipynb",
        "pubsub-and-streams.ipynb",
    ];

    public static TheoryData<string> Notebooks => new(NotebookFiles);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_without_a_failing_cell(string notebook)
    {
        var path = Path.Combine(RepositoryLayout.NotebooksDirectory, notebook);
        var committed = SHA256.HashData(await File.ReadAllBytesAsync(path));
        await using var server = await RedisServerProcess.StartAsync();

        var stopwatch = Stopwatch.StartNew();
        var run = await NotebookRunner.RunAsync(notebook, server.Endpoint, NotebookTimeout);
        output.WriteLine($"{notebook}: exit code {run.ExitCode} after {stopwatch.Elapsed.TotalSeconds:F1} s");

        Assert.True(run.FailedCells.Count == 0, $"{notebook} has failing cells:\n{string.Join("\n\n", run.FailedCells)}");
        Assert.True(run.ExitCode == 0, $"dotnet-repl exited with {run.ExitCode}:\n{run.ReplOutput}");
        Assert.Equal(committed, SHA256.HashData(await File.ReadAllBytesAsync(path)));
    }

    [LocalRedisPortFreeFact]
    public async Task Without_REDIS_URL_or_redis_server_the_getting_started_notebook_runs_on_Garnet_inside_the_kernel()
    {
        // PATH holds only the dotnet host's directory: a machine with the .NET SDK and nothing else (issue 16).
        // dotnet test names the host it runs under in DOTNET_HOST_PATH; the test host itself may be an apphost.
        var host = new FileInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? Environment.ProcessPath!);
        var dotnetDirectory = Path.GetDirectoryName(host.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host.FullName)!;
        Assert.False(File.Exists(Path.Combine(dotnetDirectory, "redis-server")));

        var run = await NotebookRunner.RunAsync(
            "getting-started.ipynb",
            new Dictionary<string, string?> { ["REDIS_URL"] = null, ["PATH"] = dotnetDirectory },
            NotebookTimeout);

        Assert.True(run.FailedCells.Count == 0, $"failing cells:\n{string.Join("\n\n", run.FailedCells)}");
        Assert.True(run.ExitCode == 0, $"dotnet-repl exited with {run.ExitCode}:\n{run.ReplOutput}");
        Assert.Contains(run.Outputs, text => text.StartsWith("Connected with Resp3 to a throwaway Garnet, in this process", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_notebook_in_the_folder_is_run()
    {
        var onDisk = Directory.EnumerateFiles(RepositoryLayout.NotebooksDirectory, "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, NotebookFiles.Order(StringComparer.Ordinal));
    }
}
