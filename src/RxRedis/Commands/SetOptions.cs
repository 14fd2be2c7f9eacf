namespace RxRedis;

/// <summary>When a write applies, for commands with <c>NX</c>/<c>XX</c> (https://redis.io/docs/latest/commands/set/).</summary>
public enum SetCondition
{
    /// <summary>Always write.</summary>
    Always,
    /// <summary><c>NX</c>: only when the key does not exist.</summary>
    NotExists,
    /// <summary><c>XX</c>: only when the key already exists.</summary>
    Exists,
}

/// <summary>The optional clauses of <c>SET</c>. At most one of <see cref="Expiry"/>, <see cref="ExpireAt"/>, <see cref="KeepTtl"/>.</summary>
public sealed record SetOptions
{
    /// <summary>Time to live: sent as <c>EX</c> for whole seconds, otherwise <c>PX</c>. Must be positive.</summary>
    public TimeSpan? Expiry { get; init; }

    /// <summary>Absolute expiry: sent as <c>EXAT</c> for whole seconds, otherwise <c>PXAT</c>.</summary>
    public DateTimeOffset? ExpireAt { get; init; }

    /// <summary><c>KEEPTTL</c>: keep the key's current time to live.</summary>
    public bool KeepTtl { get; init; }

    /// <summary><c>NX</c> / <c>XX</c>.</summary>
    public SetCondition Condition { get; init; }
}

/// <summary>The expiry change of <c>GETEX</c>: at most one of the three.</summary>
public sealed record GetExOptions
{
    /// <summary>New time to live (<c>EX</c>/<c>PX</c>). Must be positive.</summary>
    public TimeSpan? Expiry { get; init; }

    /// <summary>New absolute expiry (<c>EXAT</c>/<c>PXAT</c>).</summary>
    public DateTimeOffset? ExpireAt { get; init; }

    /// <summary><c>PERSIST</c>: remove the time to live.</summary>
    public bool Persist { get; init; }
}

/// <summary>The condition of <c>EXPIRE</c>/<c>PEXPIRE</c> (Redis 7: https://redis.io/docs/latest/commands/expire/).</summary>
public enum ExpireCondition
{
    /// <summary>Always set the expiry.</summary>
    Always,
    /// <summary><c>NX</c>: only when the key has no expiry.</summary>
    HasNoExpiry,
    /// <summary><c>XX</c>: only when the key has an expiry.</summary>
    HasExpiry,
    /// <summary><c>GT</c>: only when the new expiry is later.</summary>
    GreaterThan,
    /// <summary><c>LT</c>: only when the new expiry is earlier.</summary>
    LessThan,
}
