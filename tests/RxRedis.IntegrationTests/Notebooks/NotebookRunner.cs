namespace RxRedis.IntegrationTests.Notebooks;

/// <summary>
/// Runs a notebook headless with dotnet-repl (the version pinned in <c>.config/dotnet-tools.json</c>) against a given server and reports the cells that failed. The output
/// goes to a temp file; the committed notebook is only read.
/// </summary>
internal static class NotebookRunner
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(2);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _prepared;

    /// <summary>What one run produced.</summary>
    public sealed record Run(int ExitCode, IReadOnlyList<string> FailedCells, string ReplOutput, IReadOnlyList<string> Outputs);

    /// <summary>Runs <paramref name="notebook"/> (a file in notebooks/) with <c>REDIS_URL</c> set to <paramref name="redisUrl"/>.</summary>
    public static Task<Run> RunAsync(string notebook, string redisUrl, TimeSpan timeout) =>
        RunAsync(notebook, new Dictionary<string, string?> { ["REDIS_URL"] = redisUrl }, timeout);

    /// <summary>Runs <paramref name="notebook"/> with <paramref name="environment"/> (a null value removes a variable).</summary>
    public static async Task<Run> RunAsync(string notebook, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        await PrepareAsync();
        var output = Path.Combine(Path.GetTempPath(), $"rxredis-notebook-{Guid.NewGuid():N}.ipynb");
        try
        {
            // The notebooks' #r paths are relative, and dotnet-repl resolves them against its working directory.
            var result = await ToolProcess.RunAsync(
                "dotnet",
                ["tool", "run", "dotnet-repl", "--", "--run", Path.Combine(RepositoryLayout.NotebooksDirectory, notebook), "--exit-after-run", "--output-path", output],
                RepositoryLayout.NotebooksDirectory,
                timeout,
                environment);
            var failed = File.Exists(output) ? NotebookFailures.Read(output) : ["(dotnet-repl wrote no output notebook)"];
            return new Run(result.ExitCode, failed, result.Output, File.Exists(output) ? NotebookOutputs.Text(output) : []);
        }
        finally
        {
            File.Delete(output);
        }
    }

    // Once per test run: the Release build the notebooks load, and the dotnet-repl tool.
    private static async Task PrepareAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!_prepared)
            {
                await EnsureLibraryBuiltAsync();
                await RestoreReplAsync();
                _prepared = true;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    // CI runs `dotnet test RxRedis.sln -c Release`, so the builds are there; a Debug run builds them once here, and
    // so does a source change newer than a build. Building RxRedis.LocalServer builds RxRedis too.
    private static async Task EnsureLibraryBuiltAsync()
    {
        string[] projects = [RepositoryLayout.LibraryProject, RepositoryLayout.LocalServerProject];
        var newestSource = projects.Max(NewestSourceWrite);
        var outputs = new[] { RepositoryLayout.ReleaseLibrary, RepositoryLayout.ReleaseLocalServer }.Select(path => new FileInfo(path));
        if (outputs.All(output => output.Exists && output.LastWriteTimeUtc >= newestSource))
        {
            return;
        }
        var build = await ToolProcess.RunAsync(
            "dotnet", ["build", RepositoryLayout.LocalServerProject, "-c", "Release", "--nologo"], RepositoryLayout.Root, BuildTimeout);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build src/RxRedis.LocalServer -c Release failed:\n{build.Output}");
        }
    }

    private static DateTime NewestSourceWrite(string project)
    {
        var bin = Path.Combine(project, "bin") + Path.DirectorySeparatorChar;
        var obj = Path.Combine(project, "obj") + Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(bin, StringComparison.Ordinal) && !f.StartsWith(obj, StringComparison.Ordinal))
            .Select(File.GetLastWriteTimeUtc)
            .DefaultIfEmpty(DateTime.MinValue)
            .Max();
    }

    // dotnet-repl is pinned in the repository's tool manifest (.config/dotnet-tools.json): `dotnet tool restore`
    // puts it in the NuGet cache and `dotnet tool run` starts that version, with nothing installed in the user's
    // home (issue 12). Restoring is a no-op when it is already there (.ci/run restores before the tests).
    private static async Task RestoreReplAsync()
    {
        var restore = await ToolProcess.RunAsync("dotnet", ["tool", "restore"], RepositoryLayout.Root, RestoreTimeout);
        if (restore.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet tool restore failed in {RepositoryLayout.Root}:\n{restore.Output}");
        }
    }
}
