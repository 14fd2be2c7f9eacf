namespace RxRedis.Cli;

/// <summary>Where the commands connect: <c>--url</c>, else <c>REDIS_URL</c>, else nothing (the command's default).</summary>
internal static class ServerAddress
{
    public const string EnvironmentVariable = "REDIS_URL";

    /// <summary>The default a local Redis listens on.</summary>
    public const string LocalDefault = "localhost:6379";

    public static string? Resolve(string? url) =>
        string.IsNullOrWhiteSpace(url) ? NullIfBlank(Environment.GetEnvironmentVariable(EnvironmentVariable)) : url;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
