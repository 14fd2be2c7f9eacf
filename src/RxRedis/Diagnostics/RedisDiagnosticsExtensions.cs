namespace RxRedis.Diagnostics;

/// <summary>Adds <see cref="RedisDiagnostics"/> to a client's options.</summary>
public static class RedisDiagnosticsExtensions
{
    /// <summary>
    /// Creates a <see cref="RedisDiagnostics"/> for these options (read now: set the endpoint and database first) and
    /// appends it to <see cref="RedisOptions.Hooks"/>. After connecting, pass the client to
    /// <see cref="RedisDiagnostics.Watch"/> to log its connection state too.
    /// </summary>
    /// <param name="options">The client's options.</param>
    /// <param name="diagnostics">What to record; null means metrics and tracing without logs.</param>
    /// <returns>The hook, for <see cref="RedisDiagnostics.Watch"/>.</returns>
    public static RedisDiagnostics AddDiagnostics(this RedisOptions options, RedisDiagnosticsOptions? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hook = new RedisDiagnostics(options, diagnostics);
        options.Hooks.Add(hook);
        return hook;
    }
}
