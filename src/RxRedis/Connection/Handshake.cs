using System.Globalization;
using System.IO.Pipelines;
using RxRedis.Protocol;

namespace RxRedis.Connection;

/// <summary>
/// Prepares a fresh socket before any user command: <c>HELLO 3</c> with <c>AUTH</c> and <c>SETNAME</c>, or the
/// RESP2 sequence <c>AUTH</c>, <c>CLIENT SETNAME</c>; then <c>SELECT</c>. It talks to the pipe directly, before the
/// reader and writer loops start, because each step depends on the previous reply.
/// See https://redis.io/docs/latest/commands/hello/.
/// </summary>
internal static class Handshake
{
    public static async Task<RedisProtocol> RunAsync(IDuplexPipe pipe, RespReader reader, RedisOptions options, CancellationToken cancellationToken)
    {
        var protocol = RedisProtocol.Resp2;
        var needsAuth = options.Password is not null;
        var needsName = options.ClientName is not null;
        if (options.Protocol == RedisProtocol.Resp3)
        {
            var hello = new List<string> { "HELLO", "3" };
            if (needsAuth)
            {
                hello.AddRange(["AUTH", options.User ?? "default", options.Password!]);
            }
            if (needsName)
            {
                hello.AddRange(["SETNAME", options.ClientName!]);
            }
            var reply = await RoundTripAsync(pipe, reader, [.. hello], cancellationToken).ConfigureAwait(false);
            if (!reply.IsError)
            {
                protocol = RedisProtocol.Resp3;
                needsAuth = needsName = false;
            }
            else if (!IsHelloUnsupported(reply))
            {
                throw Fail("HELLO", reply, options);
            }
        }

        if (needsAuth)
        {
            string[] auth = options.User is null ? ["AUTH", options.Password!] : ["AUTH", options.User, options.Password!];
            var reply = await RoundTripAsync(pipe, reader, auth, cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw Fail("AUTH", reply, options);
            }
        }
        if (needsName)
        {
            var reply = await RoundTripAsync(pipe, reader, ["CLIENT", "SETNAME", options.ClientName!], cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw Fail("CLIENT SETNAME", reply, options);
            }
        }
        if (options.Database != 0)
        {
            var db = options.Database.ToString(CultureInfo.InvariantCulture);
            var reply = await RoundTripAsync(pipe, reader, ["SELECT", db], cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw Fail($"SELECT {db}", reply, options);
            }
        }
        else if (protocol == RedisProtocol.Resp2 && options.Protocol == RedisProtocol.Resp2 && options.Password is null && options.ClientName is null)
        {
            // Nothing was sent, so nothing proved the server accepts us: a requirepass server would otherwise
            // connect "successfully" and then fail every command with NOAUTH.
            var reply = await RoundTripAsync(pipe, reader, ["PING"], cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw Fail("PING", reply, options);
            }
        }
        if (options.ReadOnlyReplica)
        {
            // A cluster replica answers reads only after READONLY (https://redis.io/docs/latest/commands/readonly/).
            var reply = await RoundTripAsync(pipe, reader, ["READONLY"], cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw Fail("READONLY", reply, options);
            }
        }
        return protocol;
    }

    // A server older than 6 (or with HELLO renamed away) says "unknown command"; one without RESP3 says NOPROTO.
    private static bool IsHelloUnsupported(in RespValue reply)
    {
        var text = reply.AsString() ?? "";
        return text.StartsWith("NOPROTO", StringComparison.Ordinal)
            || text.Contains("unknown command", StringComparison.OrdinalIgnoreCase);
    }

    private static RedisConnectionException Fail(string step, in RespValue reply, RedisOptions options)
    {
        var message = reply.AsString() ?? "";
        return message.StartsWith("WRONGPASS", StringComparison.Ordinal)
            || message.StartsWith("NOAUTH", StringComparison.Ordinal)
            || message.StartsWith("NOPERM", StringComparison.Ordinal)
            || message.Contains("invalid password", StringComparison.OrdinalIgnoreCase)
            ? new RedisAuthenticationException(message, options.User)
            : new RedisConnectionException($"The handshake with {options.EndPoint} failed at {step}: {message}", CommandOutcome.NotSent);
    }

    private static async Task<RespValue> RoundTripAsync(IDuplexPipe pipe, RespReader reader, string[] command, CancellationToken cancellationToken)
    {
        RespWriter.WriteCommand(pipe.Output, command);
        var flush = await pipe.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            throw Closed();
        }
        while (true)
        {
            var result = await pipe.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (reader.TryRead(buffer, out var reply, out var consumed))
            {
                pipe.Input.AdvanceTo(consumed);
                return reply;
            }
            pipe.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw Closed();
            }
        }
    }

    private static RedisConnectionException Closed() =>
        new("The server closed the connection during the handshake.", CommandOutcome.NotSent);
}
