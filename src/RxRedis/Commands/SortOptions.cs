namespace RxRedis;

/// <summary>The optional clauses of <c>SORT</c>/<c>SORT_RO</c> (https://redis.io/docs/latest/commands/sort/).</summary>
public sealed record SortOptions
{
    /// <summary><c>BY pattern</c>: sort by external keys (<c>weight_*</c>), or <c>nosort</c>.</summary>
    public string? By { get; init; }

    /// <summary><c>LIMIT offset count</c>: skip this many.</summary>
    public long? Offset { get; init; }

    /// <summary><c>LIMIT offset count</c>: return at most this many.</summary>
    public long? Count { get; init; }

    /// <summary><c>GET pattern</c> clauses, in order (<c>#</c> is the element itself).</summary>
    public IReadOnlyList<string>? Get { get; init; }

    /// <summary><c>DESC</c>.</summary>
    public bool Descending { get; init; }

    /// <summary><c>ALPHA</c>: compare as strings, not numbers.</summary>
    public bool Alpha { get; init; }
}

/// <summary>What <c>OBJECT</c> reports about a key (https://redis.io/docs/latest/commands/object/).</summary>
public enum ObjectSubcommand
{
    /// <summary><c>OBJECT ENCODING</c>: the internal encoding, e.g. <c>listpack</c>.</summary>
    Encoding,
    /// <summary><c>OBJECT FREQ</c>: the LFU counter (needs an LFU maxmemory policy).</summary>
    Freq,
    /// <summary><c>OBJECT IDLETIME</c>: seconds since last access.</summary>
    IdleTime,
    /// <summary><c>OBJECT REFCOUNT</c>: the reference count.</summary>
    RefCount,
}

/// <summary>The optional clauses of <c>RESTORE</c>.</summary>
public sealed record RestoreOptions
{
    /// <summary>Time to live (zero or null: none).</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary><c>REPLACE</c>: overwrite an existing key.</summary>
    public bool Replace { get; init; }

    /// <summary><c>IDLETIME seconds</c>.</summary>
    public long? IdleTimeSeconds { get; init; }

    /// <summary><c>FREQ frequency</c>.</summary>
    public long? Frequency { get; init; }
}
