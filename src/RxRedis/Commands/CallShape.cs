using System.Collections.Frozen;

namespace RxRedis.Commands;

/// <summary>
/// Idempotence is a property of the call, not of the command name: <c>SET k v</c> can be sent twice with the same
/// result, <c>SET k v NX</c> cannot (the second run answers nil although the first one wrote), nor can
/// <c>SET k v GET</c> (the second returns the new value). The table lists, for the commands the command table marks
/// idempotent, the options that undo that and the argument where options start, so a repeat after an unknown
/// outcome is ruled out for exactly those calls (https://redis.io/docs/latest/commands/set/,
/// https://redis.io/docs/latest/commands/expire/). Commands that are never safe to repeat (<c>SETNX</c>,
/// <c>GETDEL</c>, <c>LMOVE</c>, ...) are simply not marked idempotent in the command table.
/// </summary>
internal static class CallShape
{
    private sealed record Rule(int OptionsFrom, FrozenSet<string> Unsafe);

    private static readonly FrozenDictionary<CommandInfo, Rule> Rules = new Dictionary<CommandInfo, Rule>
    {
        // SET key value [NX|XX] [GET] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL]
        [CommandTable.Set] = Unsafe(2, "NX", "GET"),
        // EXPIRE key seconds [NX|XX|GT|LT]: a condition that held for the first run fails for the second (XX does not).
        [CommandTable.Expire] = Unsafe(2, "NX", "GT", "LT"),
        [CommandTable.PExpire] = Unsafe(2, "NX", "GT", "LT"),
        [CommandTable.ExpireAt] = Unsafe(2, "NX", "GT", "LT"),
        [CommandTable.PExpireAt] = Unsafe(2, "NX", "GT", "LT"),
    }.ToFrozenDictionary();

    private static Rule Unsafe(int optionsFrom, params string[] options) =>
        new(optionsFrom, options.ToFrozenSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>The flags of <paramref name="info"/> called with <paramref name="args"/> (the arguments after the name).</summary>
    public static CommandFlags Flags(CommandInfo info, RedisValue[] args)
    {
        var flags = info.Flags;
        if ((flags & CommandFlags.Idempotent) == 0 || !Rules.TryGetValue(info, out var rule))
        {
            return flags;
        }
        for (var i = rule.OptionsFrom; i < args.Length; i++)
        {
            if (args[i].ToString() is { Length: <= 4 } option && rule.Unsafe.Contains(option))
            {
                return flags & ~CommandFlags.Idempotent;
            }
        }
        return flags;
    }
}
