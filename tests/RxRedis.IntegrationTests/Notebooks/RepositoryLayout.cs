namespace RxRedis.IntegrationTests.Notebooks;

/// <summary>Where the repository's notebooks and library build are, found by walking up to <c>RxRedis.sln</c>.</summary>
internal static class RepositoryLayout
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string NotebooksDirectory => Path.Combine(Root, "notebooks");

    public static string LibraryProject => Path.Combine(Root, "src", "RxRedis");

    /// <summary>The assembly the notebooks load with <c>#r "../src/RxRedis/bin/Release/net10.0/RxRedis.dll"</c>.</summary>
    public static string ReleaseLibrary => Path.Combine(LibraryProject, "bin", "Release", "net10.0", "RxRedis.dll");

    public static string LocalServerProject => Path.Combine(Root, "src", "RxRedis.LocalServer");

    /// <summary>The assembly the notebooks load for <c>LocalRedis</c>, their server when <c>REDIS_URL</c> is not set.</summary>
    public static string ReleaseLocalServer => Path.Combine(LocalServerProject, "bin", "Release", "net10.0", "RxRedis.LocalServer.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RxRedis.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No RxRedis.sln above {AppContext.BaseDirectory}.");
    }
}
