using RxRedis.Commands;
using RxRedis.Connection;
using RxRedis.Resilience;

namespace RxRedis.Routing;

/// <summary>
/// Picks the connection a command goes to. One server's connection routes everything to itself; a cluster routes
/// by the hash slot of the command's keys. A command asks on every attempt, so a retry after a redirect or a
/// failover lands on the node that owns the slot by then.
/// </summary>
internal interface ICommandRouter
{
    /// <summary>The client's options (validated, copied).</summary>
    RedisOptions Options { get; }

    /// <summary>The hooks, first outermost, fixed at connect time.</summary>
    IRedisHook[] Hooks { get; }

    /// <summary>The connection for a command whose keys hash to <paramref name="slot"/> (<c>-1</c>: no key).</summary>
    RedisConnection Route(int slot, CommandFlags flags);
}
