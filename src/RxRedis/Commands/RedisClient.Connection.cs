using RxRedis.Commands;

namespace RxRedis;

// Connection commands that are safe on the shared connection: https://redis.io/docs/latest/commands/?group=connection
public sealed partial class RedisClient
{
    /// <summary><c>PING</c>: the server's <c>PONG</c>.</summary>
    [RedisCommand("PING")]
    public RedisObservable<RedisValue> Ping() => Command(CommandTable.Ping, ReplyDecoders.Value);

    /// <summary><c>PING message</c>: the message echoed back.</summary>
    [RedisCommand("PING")]
    public RedisObservable<RedisValue> Ping(RedisValue message) =>
        Command(CommandTable.Ping, ReplyDecoders.Value, Arguments.Value(message, nameof(message)));

    /// <summary><c>ECHO message</c>: the message echoed back.</summary>
    [RedisCommand("ECHO")]
    public RedisObservable<RedisValue> Echo(RedisValue message) =>
        Command(CommandTable.Echo, ReplyDecoders.Value, Arguments.Value(message, nameof(message)));
}
