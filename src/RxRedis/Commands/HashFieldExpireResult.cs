namespace RxRedis;

/// <summary>
/// What <c>HEXPIRE</c>/<c>HPEXPIRE</c>/<c>HEXPIREAT</c>/<c>HPEXPIREAT</c> did to one field, in the server's codes
/// (https://redis.io/docs/latest/commands/hexpire/).
/// </summary>
public enum HashFieldExpireResult
{
    /// <summary><c>-2</c>: the field (or the whole key) does not exist.</summary>
    NoSuchField = -2,

    /// <summary><c>0</c>: the NX/XX/GT/LT condition was not met; nothing changed.</summary>
    ConditionNotMet = 0,

    /// <summary><c>1</c>: the expiry was set.</summary>
    Set = 1,

    /// <summary><c>2</c>: the expiry was zero or in the past, so the field was deleted.</summary>
    Deleted = 2,
}
