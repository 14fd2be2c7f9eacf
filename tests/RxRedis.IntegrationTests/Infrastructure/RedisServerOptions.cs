namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>What a test needs from the redis-server it starts, beyond the fixed isolated defaults.</summary>
public sealed record RedisServerOptions
{
    /// <summary>Sets <c>requirepass</c>, the default user's password.</summary>
    public string? Password { get; init; }

    public IReadOnlyList<RedisAclUser> AclUsers { get; init; } = [];

    /// <summary>Command name to new name; an empty new name disables the command.</summary>
    public IReadOnlyDictionary<string, string> RenameCommands { get; init; } = new Dictionary<string, string>();

    /// <summary>Also listen on a Unix socket (mode 700) inside the server's temp directory.</summary>
    public bool UnixSocket { get; init; }

    public bool EnableDebugCommand { get; init; }

    /// <summary>
    /// Lines of a config file written into the server's temp directory and passed as its first argument (the
    /// server may rewrite it, as sentinels do). Empty: no config file.
    /// </summary>
    public IReadOnlyList<string> ConfigLines { get; init; } = [];

    /// <summary>Runs the server as a sentinel (<c>--sentinel</c>); <see cref="ConfigLines"/> must hold its <c>sentinel monitor</c> line.</summary>
    public bool Sentinel { get; init; }

    /// <summary>Passed to redis-server verbatim after everything else, e.g. <c>--busy-reply-threshold 100</c>.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];
}
