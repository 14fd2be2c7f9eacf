namespace RxRedis.Routing;

/// <summary>
/// Picks the dedicated-connection pool for a blocking command or a <c>WATCH</c> transaction. One server's pool
/// serves everything itself; a cluster has a pool per primary and picks the one that owns the keys' slot when the
/// command is subscribed.
/// </summary>
internal interface IDedicatedRouter
{
    /// <summary>The pool for a command whose keys hash to <paramref name="slot"/> (<c>-1</c>: no key).</summary>
    DedicatedConnectionPool PoolFor(int slot);
}
