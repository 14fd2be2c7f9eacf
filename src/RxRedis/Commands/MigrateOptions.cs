namespace RxRedis;

/// <summary>
/// The clauses of <see cref="RedisClient.Migrate"/>: <c>COPY</c>, <c>REPLACE</c> and the destination's credentials
/// (<c>AUTH password</c> or <c>AUTH2 user password</c>). A class, not a record, so no generated <c>ToString</c> can
/// print the password.
/// </summary>
public sealed class MigrateOptions
{
    /// <summary><c>COPY</c>: keep the keys on the source too. Default false (they are deleted there).</summary>
    public bool Copy { get; init; }

    /// <summary><c>REPLACE</c>: overwrite keys that exist on the destination. Default false (that fails the migration).</summary>
    public bool Replace { get; init; }

    /// <summary>The destination's user name (<c>AUTH2</c>); needs <see cref="Password"/>. Default null.</summary>
    public string? User { get; init; }

    /// <summary>The destination's password (<c>AUTH</c>, or <c>AUTH2</c> with <see cref="User"/>). Default null: none.</summary>
    public string? Password { get; init; }
}
