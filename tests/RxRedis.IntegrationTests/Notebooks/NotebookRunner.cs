namespace RxRedis.IntegrationTests.Notebooks;

/// <summary>
/// Runs a notebook headless with dotnet-repl against a given server and reports the cells that failed. The output
/// goes to a temp file; the committed notebook is only read.
/// </summary>
internal static class NotebookRunner
{
    private const string ReplVersion = "0.3.259";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(2);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _repl;

    /// <summary>What one run produced.</summary>
    public sealed record Run(int ExitCode, IReadOnlyList<string> FailedCells, string ReplOutput);

    /// <summary>Runs <paramref name="notebook"/> (a file in notebooks/) with <c>REDIS_URL</c> set to <paramref name="redisUrl"/>.</summary>
    public static async Task<Run> RunAsync(string notebook, string redisUrl, TimeSpan timeout)
    {
        var repl = await PrepareAsync();
        var output = Path.Combine(Path.GetTempPath(), $"rxredis-notebook-{Guid.NewGuid():N}.ipynb");
        try
        {
            // The notebooks' #r paths are relative, and dotnet-repl resolves them against its working directory.
            var result = await ToolProcess.RunAsync(
                repl,
                ["--run", Path.Combine(RepositoryLayout.NotebooksDirectory, notebook), "--exit-after-run", "--output-path", output],
                RepositoryLayout.NotebooksDirectory,
                timeout,
                new Dictionary<string, string> { ["REDIS_URL"] = redisUrl });
            var failed = File.Exists(output) ? NotebookFailures.Read(output) : ["(dotnet-repl wrote no output notebook)"];
            return new Run(result.ExitCode, failed, result.Output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    // Once per test run: the Release build the notebooks load, and the dotnet-repl tool.
    private static async Task<string> PrepareAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_repl is null)
            {
                await EnsureLibraryBuiltAsync();
                _repl = await FindOrInstallReplAsync();
            }
            return _repl;
        }
        finally
        {
            Gate.Release();
        }
    }

    // CI runs `dotnet test RxRedis.sln -c Release`, so the build is there; a Debug run builds it once here, and so
    // does a source change newer than the build.
    private static async Task EnsureLibraryBuiltAsync()
    {
        var library = new FileInfo(RepositoryLayout.ReleaseLibrary);
        if (library.Exists && library.LastWriteTimeUtc >= NewestSourceWrite())
        {
            return;
        }
        var build = await ToolProcess.RunAsync(
            "dotnet", ["build", RepositoryLayout.LibraryProject, "-c", "Release", "--nologo"], RepositoryLayout.Root, BuildTimeout);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build src/RxRedis -c Release failed:\n{build.Output}");
        }
    }

    private static DateTime NewestSourceWrite()
    {
        var project = RepositoryLayout.LibraryProject;
        var bin = Path.Combine(project, "bin") + Path.DirectorySeparatorChar;
        var obj = Path.Combine(project, "obj") + Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(bin, StringComparison.Ordinal) && !f.StartsWith(obj, StringComparison.Ordinal))
            .Select(File.GetLastWriteTimeUtc)
            .DefaultIfEmpty(DateTime.MinValue)
            .Max();
    }

    private static async Task<string> FindOrInstallReplAsync()
    {
        var found = FindRepl();
        if (found is not null)
        {
            return found;
        }
        var install = await ToolProcess.RunAsync(
            "dotnet", ["tool", "install", "-g", "dotnet-repl", "--version", ReplVersion], RepositoryLayout.Root, InstallTimeout);
        return FindRepl()
            ?? throw new InvalidOperationException($"dotnet tool install -g dotnet-repl --version {ReplVersion} did not install it:\n{install.Output}");
    }

    private static string? FindRepl()
    {
        var globalTools = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools");
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries) ?? [];
        return path.Append(globalTools)
            .SelectMany(directory => new[] { "dotnet-repl", "dotnet-repl.exe" }.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
    }
}
