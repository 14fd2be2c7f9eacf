using System.Buffers;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Commands;

/// <summary>
/// A command as a cold observable: it holds the name, the arguments and the reply decoder, and sends nothing until
/// subscribed. Each subscription sends the command once, which is what lets <c>Retry</c> resend it.
/// </summary>
internal sealed class RedisCommand<T> : IObservable<T>
{
    private readonly RedisConnection _connection;
    private readonly RedisValue[] _args;

    public RedisCommand(RedisConnection connection, CommandInfo info, Func<RespValue, T> decode, RedisValue[] args)
    {
        _connection = connection;
        Info = info;
        Decode = decode;
        _args = args;
    }

    public CommandInfo Info { get; }

    public Func<RespValue, T> Decode { get; }

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var subscription = new CommandSubscription<T>(this, observer);
        _connection.Enqueue(subscription);
        return subscription;
    }

    /// <summary>Encodes the command as a RESP array of bulk strings: the name, then each argument.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        RespWriter.WriteArrayHeader(output, 1 + _args.Length);
        output.Write(Info.EncodedName);
        foreach (var arg in _args)
        {
            arg.WriteTo(output);
        }
    }
}
