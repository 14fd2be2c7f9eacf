namespace RxRedis.AspNetCore.Locking;

/// <summary>Why a held lease ended without its holder releasing it.</summary>
public enum RedisLockLoss
{
    /// <summary>
    /// No renewal was confirmed before the lease ran out (the server was unreachable or slow): another process may
    /// hold the lock from now on.
    /// </summary>
    Expired,

    /// <summary>A renewal found the key gone or owned by someone else.</summary>
    Taken,
}
