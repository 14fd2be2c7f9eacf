namespace RxRedis;

/// <summary>The optional clauses of <c>SCAN</c>, <c>HSCAN</c>, <c>SSCAN</c> and <c>ZSCAN</c> (https://redis.io/docs/latest/commands/scan/).</summary>
public sealed record ScanOptions
{
    /// <summary><c>MATCH pattern</c>: only elements matching the glob pattern (filtered after fetching, so pages may be empty).</summary>
    public string? Match { get; init; }

    /// <summary><c>COUNT n</c>: a hint for how much work one page does (default 10 on the server).</summary>
    public long? Count { get; init; }

    /// <summary><c>TYPE type</c> (<c>SCAN</c> only): only keys of this type, e.g. <c>hash</c>.</summary>
    public string? Type { get; init; }
}
