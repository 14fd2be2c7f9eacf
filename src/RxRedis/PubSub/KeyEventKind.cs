namespace RxRedis;

/// <summary>
/// The common keyspace events (https://redis.io/docs/latest/develop/use/keyspace-notifications/#events-generated-by-different-commands);
/// anything else is <see cref="Other"/> with its name in <see cref="KeyEvent.Name"/>.
/// </summary>
public enum KeyEventKind
{
    /// <summary>An event not listed here (e.g. <c>lpush</c>, <c>hset</c>); see <see cref="KeyEvent.Name"/>.</summary>
    Other,
    /// <summary><c>set</c>: SET and its variants wrote the key.</summary>
    Set,
    /// <summary><c>del</c>: the key was deleted.</summary>
    Del,
    /// <summary><c>expire</c>: an expiry was set on the key.</summary>
    Expire,
    /// <summary><c>expired</c>: the key expired and was removed.</summary>
    Expired,
    /// <summary><c>evicted</c>: the key was evicted under <c>maxmemory</c>.</summary>
    Evicted,
    /// <summary><c>persist</c>: the key's expiry was removed.</summary>
    Persist,
    /// <summary><c>rename_from</c>: the key was renamed away.</summary>
    RenameFrom,
    /// <summary><c>rename_to</c>: a key was renamed to this one.</summary>
    RenameTo,
    /// <summary><c>new</c>: the key was created (only with the <c>n</c> flag).</summary>
    New,
}
