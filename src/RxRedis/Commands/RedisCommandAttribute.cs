namespace RxRedis;

/// <summary>
/// Names the Redis command(s) a public method sends, so coverage against the server's <c>COMMAND DOCS</c> is
/// computed from declarations rather than guessed from method names. A method that picks between commands
/// (e.g. <c>EXPIRE</c>/<c>PEXPIRE</c>) names each.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RedisCommandAttribute : Attribute
{
    /// <summary>Declares the command names, upper case, without subcommands (e.g. <c>XGROUP</c>).</summary>
    public RedisCommandAttribute(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Names = names;
    }

    /// <summary>The commands the method may send.</summary>
    public IReadOnlyList<string> Names { get; }
}
