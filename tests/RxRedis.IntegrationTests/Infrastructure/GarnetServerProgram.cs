using System.Globalization;
using System.Text.Json;

namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>
/// How the fixtures start Garnet: the <c>garnet-server</c> tool pinned in the repository's
/// <c>.config/dotnet-tools.json</c> (restored by <c>dotnet tool restore</c>), run with <c>dotnet exec</c> on its
/// assembly rather than through <c>dotnet tool run</c>, so killing the process kills the server itself.
/// </summary>
internal static class GarnetServerProgram
{
    private const string ToolId = "garnet-server";
    private const string Assembly = "GarnetServer.dll";

    // Small stores: the defaults (16 GiB log, 128 MiB index) are sized for a production box, not a 2-core CI machine.
    private const string LogMemory = "128m";
    private const string IndexSize = "16m";

    private static readonly Lazy<string> LazyAssemblyPath = new(FindAssembly);

    /// <summary>The restored tool's <c>GarnetServer.dll</c>.</summary>
    /// <exception cref="InvalidOperationException">The tool manifest names no garnet-server, or it was not restored.</exception>
    public static string AssemblyPath => LazyAssemblyPath.Value;

    /// <summary>The dotnet host that runs the tool.</summary>
    public static string Host => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet"
        ? path
        : "dotnet";

    /// <summary>
    /// Garnet's arguments for what <paramref name="options"/> asks; options Garnet has no equivalent for are refused
    /// by name, so a test that needs them is not quietly run against a server without them.
    /// </summary>
    public static List<string> Arguments(RedisServerOptions options, int port, string directory, string? unixSocket)
    {
        string[] unsupported =
        [
            .. options.AclUsers.Count > 0 ? [nameof(options.AclUsers)] : Array.Empty<string>(),
            .. options.RenameCommands.Count > 0 ? [nameof(options.RenameCommands)] : Array.Empty<string>(),
            .. options.ConfigLines.Count > 0 ? [nameof(options.ConfigLines)] : Array.Empty<string>(),
            .. options.Sentinel ? [nameof(options.Sentinel)] : Array.Empty<string>(),
            .. options.ExtraArgs.Count > 0 ? [nameof(options.ExtraArgs)] : Array.Empty<string>(),
        ];
        if (unsupported.Length > 0)
        {
            throw new NotSupportedException($"Garnet has no equivalent of these redis-server options: {string.Join(", ", unsupported)}.");
        }

        List<string> args =
        [
            AssemblyPath,
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", RedisServerProcess.Host,
            "--memory", LogMemory,
            "--index", IndexSize,
            "--checkpointdir", directory,
            "--lua",
        ];
        if (options.Password is { } password)
        {
            args.AddRange(["--auth", "Password", "--password", password]);
        }
        if (unixSocket is not null)
        {
            args.AddRange(["--unixsocket", unixSocket, "--unixsocketperm", "700"]);
        }
        if (options.EnableDebugCommand)
        {
            args.AddRange(["--enable-debug-command", "yes"]);
        }
        return args;
    }

    private static string FindAssembly()
    {
        var manifest = Path.Combine(RepositoryRoot(), ".config", "dotnet-tools.json");
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        if (!document.RootElement.GetProperty("tools").TryGetProperty(ToolId, out var tool))
        {
            throw new InvalidOperationException($"{manifest} pins no {ToolId}.");
        }
        var version = tool.GetProperty("version").GetString()!;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var toolDirectory = Path.Combine(packages, ToolId, version, "tools");
        var found = Directory.Exists(toolDirectory)
            ? Directory.EnumerateFiles(toolDirectory, Assembly, SearchOption.AllDirectories).MinBy(path => path.Length) // tools/<tfm>/any/, not a runtime-specific copy below it
            : null;
        return found ?? throw new InvalidOperationException(
            $"{ToolId} {version} is not restored under {toolDirectory}; run `dotnet tool restore` in the repository (.ci/run does).");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No .config/dotnet-tools.json above {AppContext.BaseDirectory}.");
    }
}
