using RxRedis.Protocol;

namespace RxRedis.Commands;

/// <summary>
/// Turns one reply into a command's value or the error to deliver: the server's error reply becomes a
/// <see cref="RedisServerException"/>, and a reply the decoder cannot read fails that command only (never the
/// connection) with an outcome-unknown <see cref="RedisException"/>.
/// </summary>
internal static class ReplyDecoding
{
    /// <summary>Decodes <paramref name="reply"/>; returns null with the value, or the error and a default value.</summary>
    public static Exception? Decode<T>(in RespValue reply, Func<RespValue, T> decode, string command, out T? value)
    {
        value = default;
        if (reply.IsError)
        {
            return ServerError(reply, command);
        }
        try
        {
            value = decode(reply);
            return null;
        }
        catch (Exception e)
        {
            return Unreadable(reply, command, e);
        }
    }

    public static RedisServerException ServerError(in RespValue reply, string command) => new(reply.AsString() ?? "", command);

    public static RedisException Unreadable(in RespValue reply, string command, Exception error) =>
        new($"The reply to {command} ({reply.Type}) could not be read: {error.Message}", CommandOutcome.Unknown, error);
}
