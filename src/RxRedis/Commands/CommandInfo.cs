using System.Buffers;
using System.Text;
using RxRedis.Protocol;

namespace RxRedis.Commands;

/// <summary>
/// One row of the command table: the command's name (pre-encoded as a RESP bulk string), its flags, and where its
/// keys are (<see cref="FirstKey"/>, <see cref="LastKey"/>, <see cref="KeyStep"/> as in <c>COMMAND INFO</c>), which
/// cluster routing uses.
/// </summary>
public sealed class CommandInfo
{
    internal CommandInfo(string name, CommandFlags flags, int firstKey, int lastKey, int keyStep, int keyCountAt = 0, string? keysAfter = null, int keysAfterFrom = 0)
    {
        KeysAfterFrom = keysAfterFrom;
        KeyCountAt = keyCountAt;
        KeysAfter = keysAfter;
        Name = name;
        Flags = flags;
        FirstKey = firstKey;
        LastKey = lastKey;
        KeyStep = keyStep;
        var bytes = Encoding.ASCII.GetBytes(name);
        EncodedName = Encoding.ASCII.GetBytes($"${bytes.Length}\r\n{name}\r\n");
    }

    /// <summary>The command name as sent, e.g. <c>GET</c> (a subcommand is the first argument, not part of it).</summary>
    public string Name { get; }

    /// <summary>How the command may be retried and where it may run.</summary>
    public CommandFlags Flags { get; }

    /// <summary>The argument index (1-based, as in <c>COMMAND INFO</c>) of the first key, or 0 for none.</summary>
    public int FirstKey { get; }

    /// <summary>The index of the last key; -1 means the last argument, -2 the one before it.</summary>
    public int LastKey { get; }

    /// <summary>The distance between keys (2 for <c>MSET key value key value</c>).</summary>
    public int KeyStep { get; }

    /// <summary>
    /// For commands whose keys follow a count (<c>EVAL script numkeys key...</c>), the argument index (1-based) of
    /// the count; 0 otherwise.
    /// </summary>
    internal int KeyCountAt { get; }

    /// <summary>
    /// For commands whose keys follow a keyword (<c>XREAD ... STREAMS key... id...</c>, one id per key), that keyword;
    /// null otherwise.
    /// </summary>
    internal string? KeysAfter { get; }

    /// <summary>How many leading arguments to pass over before looking for <see cref="KeysAfter"/> (<c>XREADGROUP GROUP group consumer</c>: 3, since a group may be named <c>streams</c>).</summary>
    internal int KeysAfterFrom { get; }

    /// <summary>True when running the command again cannot change the outcome: read-only or idempotent.</summary>
    public bool IsSafeToRetry => (Flags & (CommandFlags.ReadOnly | CommandFlags.Idempotent)) != 0;

    internal byte[] EncodedName { get; }

    /// <summary>Encodes this command with <paramref name="args"/> as a RESP array of bulk strings: the name, then each argument.</summary>
    internal void Write(IBufferWriter<byte> output, RedisValue[] args)
    {
        RespWriter.WriteArrayHeader(output, 1 + args.Length);
        output.Write(EncodedName);
        foreach (var arg in args)
        {
            arg.WriteTo(output);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
