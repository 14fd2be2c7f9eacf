using System.Buffers;
using RxRedis.Protocol;

namespace RxRedis.Commands.Bulk;

/// <summary>
/// How a bulk operation turns an input into a command and a reply into a result. <see cref="Prepare"/> runs on the
/// producer (checks arguments, so bad input throws there); <see cref="Write"/> on the writer loop; <see cref="Decode"/>
/// on the reader loop. The built-in SET and GET codecs write straight from the input: no command object per item.
/// In a cluster <see cref="Slot"/> and <see cref="Flags"/> pick each item's node.
/// </summary>
internal abstract class BulkCodec<TIn, TItem, TOut>
{
    public abstract string Name { get; }

    public abstract int Slot(in TItem item);

    public abstract CommandFlags Flags(in TItem item);

    /// <summary>The item's command row, for the hooks.</summary>
    public abstract CommandInfo Info(in TItem item);

    public abstract TItem Prepare(TIn input);

    public abstract TIn Input(in TItem item);

    public abstract void Write(IBufferWriter<byte> output, in TItem item);

    public abstract TOut Decode(in RespValue reply, in TItem item);
}

/// <summary><c>SET key value</c> per pair.</summary>
internal sealed class BulkSetCodec : BulkCodec<KeyValuePair<RedisKey, RedisValue>, KeyValuePair<RedisKey, RedisValue>, bool>
{
    public static readonly BulkSetCodec Instance = new();

    public override string Name => "SET";

    public override KeyValuePair<RedisKey, RedisValue> Prepare(KeyValuePair<RedisKey, RedisValue> input)
    {
        Arguments.Key(input.Key, "items");
        Arguments.Value(input.Value, "items");
        return input;
    }

    public override KeyValuePair<RedisKey, RedisValue> Input(in KeyValuePair<RedisKey, RedisValue> item) => item;

    public override int Slot(in KeyValuePair<RedisKey, RedisValue> item) => item.Key.AsValue().HashSlot();

    public override CommandFlags Flags(in KeyValuePair<RedisKey, RedisValue> item) => CommandTable.Set.Flags;

    public override CommandInfo Info(in KeyValuePair<RedisKey, RedisValue> item) => CommandTable.Set;

    public override void Write(IBufferWriter<byte> output, in KeyValuePair<RedisKey, RedisValue> item)
    {
        RespWriter.WriteArrayHeader(output, 3);
        output.Write(CommandTable.Set.EncodedName);
        item.Key.WriteTo(output);
        item.Value.WriteTo(output);
    }

    public override bool Decode(in RespValue reply, in KeyValuePair<RedisKey, RedisValue> item) => !reply.IsNull;
}

/// <summary><c>GET key</c> per key.</summary>
internal sealed class BulkGetCodec : BulkCodec<RedisKey, RedisKey, RedisValue>
{
    public static readonly BulkGetCodec Instance = new();

    public override string Name => "GET";

    public override RedisKey Prepare(RedisKey input)
    {
        Arguments.Key(input, "keys");
        return input;
    }

    public override RedisKey Input(in RedisKey item) => item;

    public override int Slot(in RedisKey item) => item.AsValue().HashSlot();

    public override CommandFlags Flags(in RedisKey item) => CommandTable.Get.Flags;

    public override CommandInfo Info(in RedisKey item) => CommandTable.Get;

    public override void Write(IBufferWriter<byte> output, in RedisKey item)
    {
        RespWriter.WriteArrayHeader(output, 2);
        output.Write(CommandTable.Get.EncodedName);
        item.WriteTo(output);
    }

    public override RedisValue Decode(in RespValue reply, in RedisKey item) => RedisValue.FromResp(reply);
}

/// <summary>Any typed command: the user's function builds it per input (one command object per item).</summary>
internal sealed class BulkCommandCodec<TIn, TOut>(Func<TIn, IObservable<TOut>> command) : BulkCodec<TIn, (TIn Input, RedisCommand<TOut> Command), TOut>
{
    public override string Name => "bulk";

    public override (TIn Input, RedisCommand<TOut> Command) Prepare(TIn input) =>
        (input, command(input) as RedisCommand<TOut>
            ?? throw new InvalidOperationException(
                "The bulk command function must return a single command made by RedisClient's typed methods (in a cluster, not a multi-key command split over several slots)."));

    public override TIn Input(in (TIn Input, RedisCommand<TOut> Command) item) => item.Input;

    public override int Slot(in (TIn Input, RedisCommand<TOut> Command) item) => item.Command.Slot;

    public override CommandFlags Flags(in (TIn Input, RedisCommand<TOut> Command) item) => item.Command.Info.Flags;

    public override CommandInfo Info(in (TIn Input, RedisCommand<TOut> Command) item) => item.Command.Info;

    public override void Write(IBufferWriter<byte> output, in (TIn Input, RedisCommand<TOut> Command) item) => item.Command.WriteTo(output);

    public override TOut Decode(in RespValue reply, in (TIn Input, RedisCommand<TOut> Command) item) => item.Command.Decode(reply);
}
