using RxRedis.Commands;

namespace RxRedis;

// MIGRATE: moves keys to another Redis server. https://redis.io/docs/latest/commands/migrate/
public sealed partial class RedisClient
{
    // The single-key form names its key third; the KEYS form has "" there and its keys last (KEYS takes every
    // argument after it). Not idempotent: without COPY the source keys are deleted.
    // Not a CommandTable row: the table also routes Execute("MIGRATE", ...), and a row naming the third argument as
    // the key would route the KEYS form by its "" placeholder. Its keys move (movablekeys in COMMAND INFO), so each
    // call says where they are.
    private static readonly CommandInfo MigrateOne = new("MIGRATE", CommandFlags.None, 3, 3, 1);

    /// <summary>
    /// <c>MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password | AUTH2 user password]
    /// [KEYS key ...]</c>: moves <paramref name="keys"/> to the server at <paramref name="host"/>:<paramref name="port"/>
    /// (one key in the classic form, several with <c>KEYS</c>). True when moved, false when none of the keys exists
    /// (<c>NOKEY</c>). The source server blocks for up to <paramref name="timeout"/> per transfer; the client's
    /// <see cref="RedisOptions.CommandTimeout"/> still bounds the whole call. In a cluster the keys must share a slot.
    /// </summary>
    /// <param name="host">The destination's host or IP address, as the source server will dial it.</param>
    /// <param name="port">The destination's port.</param>
    /// <param name="keys">The keys to move: at least one.</param>
    /// <param name="destinationDatabase">The database on the destination.</param>
    /// <param name="timeout">The longest idle time of the transfer, in whole milliseconds (at least 1 ms).</param>
    /// <param name="options"><c>COPY</c>, <c>REPLACE</c> and the destination's credentials; default none.</param>
    /// <exception cref="ArgumentException">A key, the host or the user without a password is missing, or a number is out of range.</exception>
    [RedisCommand("MIGRATE")]
    public RedisObservable<bool> Migrate(string host, int port, RedisKey[] keys, int destinationDatabase, TimeSpan timeout, MigrateOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var keyArgs = Arguments.Keys(keys, nameof(keys));
        Arguments.NonNegative(destinationDatabase, nameof(destinationDatabase));
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.FromMilliseconds(1));
        if (options is { User: not null, Password: null })
        {
            throw new ArgumentException("A user name for the destination needs a password.", nameof(options));
        }
        var args = new ArgumentList(10 + keyArgs.Length).Add(host).Add(port).Add(keyArgs.Length == 1 ? keyArgs[0] : "")
            .Add(destinationDatabase).Add((long)timeout.TotalMilliseconds)
            .AddIf(options?.Copy == true, "COPY").AddIf(options?.Replace == true, "REPLACE");
        if (options?.Password is { } password)
        {
            args = options.User is { } user ? args.Add("AUTH2").Add(user).Add(password) : args.Add("AUTH").Add(password);
        }
        if (keyArgs.Length == 1)
        {
            return Command(MigrateOne, MigrateReply, args.ToArray());
        }
        args.Add("KEYS");
        foreach (var key in keyArgs)
        {
            args.Add(key);
        }
        var all = args.ToArray();
        return Command(new CommandInfo("MIGRATE", CommandFlags.None, all.Length - keyArgs.Length + 1, -1, 1), MigrateReply, all);
    }

    private static readonly Func<Protocol.RespValue, bool> MigrateReply = static r => r.AsString() switch
    {
        "OK" => true,
        "NOKEY" => false,
        _ => throw new InvalidCastException($"Expected OK or NOKEY but the reply is {r}."),
    };
}
