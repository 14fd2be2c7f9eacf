namespace RxRedis;

/// <summary>The trimming clause of <c>XADD</c> and <c>XTRIM</c>: exactly one of <see cref="MaxLength"/> and <see cref="MinId"/>.</summary>
public sealed record StreamTrim
{
    /// <summary><c>MAXLEN</c>: keep at most this many entries.</summary>
    public long? MaxLength { get; init; }

    /// <summary><c>MINID</c>: drop entries with smaller ids.</summary>
    public RedisValue MinId { get; init; }

    /// <summary><c>~</c>: trim only whole macro nodes (much cheaper; may keep a few more).</summary>
    public bool Approximate { get; init; }

    /// <summary><c>LIMIT count</c> (approximate trims only): evict at most this many per call.</summary>
    public long? Limit { get; init; }
}

/// <summary>The optional clauses of <c>XADD</c> (https://redis.io/docs/latest/commands/xadd/).</summary>
public sealed record XAddOptions
{
    /// <summary>The entry id; null lets the server choose (<c>*</c>).</summary>
    public RedisValue Id { get; init; }

    /// <summary><c>NOMKSTREAM</c>: do not create the stream; the reply is then null.</summary>
    public bool NoMakeStream { get; init; }

    /// <summary>Trim the stream as part of the add.</summary>
    public StreamTrim? Trim { get; init; }
}

/// <summary>The optional clauses of <c>XREAD</c>/<c>XREADGROUP</c>.</summary>
public sealed record StreamReadOptions
{
    /// <summary><c>COUNT</c>: at most this many entries per stream.</summary>
    public long? Count { get; init; }

    /// <summary>
    /// <c>BLOCK</c>: wait up to this long for entries (zero waits forever). A blocking read runs on a dedicated
    /// connection from the client's pool, never on the shared one.
    /// </summary>
    public TimeSpan? Block { get; init; }

    /// <summary><c>NOACK</c> (XREADGROUP only): do not add the entries to the pending list.</summary>
    public bool NoAck { get; init; }
}

/// <summary>The optional clauses of <c>XCLAIM</c>.</summary>
public sealed record XClaimOptions
{
    /// <summary><c>IDLE ms</c>: set the idle time.</summary>
    public TimeSpan? Idle { get; init; }

    /// <summary><c>RETRYCOUNT</c>: set the delivery count.</summary>
    public long? RetryCount { get; init; }

    /// <summary><c>FORCE</c>: create pending entries for ids not yet pending.</summary>
    public bool Force { get; init; }
}
