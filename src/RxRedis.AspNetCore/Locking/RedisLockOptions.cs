namespace RxRedis.AspNetCore.Locking;

/// <summary>Options of <see cref="RedisDistributedLock"/>.</summary>
public sealed class RedisLockOptions
{
    /// <summary>Prefixes the lock keys: a lock named <c>n</c> lives at <c>{KeyPrefix}{n}</c>. Default <c>"lock:"</c>.</summary>
    public string KeyPrefix { get; set; } = "lock:";

    /// <summary>
    /// How long a lease lasts on the server without renewal: the longest a crashed holder blocks others. Default 30 s.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a held lease is renewed; null means a third of <see cref="LeaseTime"/>.</summary>
    public TimeSpan? RenewInterval { get; set; }

    /// <summary>How long a waiting acquire sleeps between attempts. Default 50 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    internal TimeSpan EffectiveRenewInterval => RenewInterval ?? LeaseTime / 3;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(KeyPrefix, nameof(KeyPrefix));
        if (LeaseTime < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(LeaseTime), LeaseTime, "The lease time must be at least 1 ms.");
        }
        if (EffectiveRenewInterval <= TimeSpan.Zero || EffectiveRenewInterval >= LeaseTime)
        {
            throw new ArgumentOutOfRangeException(
                nameof(RenewInterval), EffectiveRenewInterval, "The renew interval must be positive and shorter than the lease time.");
        }
        if (RetryDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "The retry delay must be positive.");
        }
    }
}
