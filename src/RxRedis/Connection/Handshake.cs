using System.Globalization;
using System.IO.Pipelines;
using RxRedis.Protocol;

namespace RxRedis.Connection;

/// <summary>
/// Prepares a fresh socket before any user command: <c>HELLO 3</c> with <c>AUTH</c> and <c>SETNAME</c>, or the
/// RESP2 sequence <c>AUTH</c>, <c>CLIENT SETNAME</c>; then <c>SELECT</c>, <c>READONLY</c> for a cluster replica,
/// <c>CLIENT NO-EVICT</c> and <c>CLIENT NO-TOUCH</c> when asked for; and, for a node the sentinels named, <c>ROLE</c>. It talks to the pipe directly, before the reader and writer loops start, because each step depends
/// on the previous reply. See https://redis.io/docs/latest/commands/hello/.
/// </summary>
internal static class Handshake
{
    /// <summary>Runs the handshake with <paramref name="endPoint"/> (named in errors) and returns the protocol agreed.</summary>
    public static async Task<RedisProtocol> RunAsync(
        IDuplexPipe pipe, RespReader reader, RedisOptions options, RedisEndPoint endPoint, CancellationToken cancellationToken)
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
                // HELLO 3 answers with a map of server properties; anything else (a bare +OK from a proxy) has not
                // proved the server speaks RESP3 (issue 13).
                if (reply.Type != RespType.Map)
                {
                    throw new RedisConnectionException(
                        $"The handshake with {endPoint} failed at HELLO: a RESP3 server answers with a map of its properties, not '{reply}'. "
                        + "The server (or a proxy in front of it) does not speak RESP3: set Protocol to Resp2.", CommandOutcome.NotSent);
                }
                protocol = RedisProtocol.Resp3;
                needsAuth = needsName = false;
            }
            else if (!IsHelloUnsupported(reply))
            {
                throw Fail("HELLO", reply, options, endPoint);
            }
        }

        if (needsAuth)
        {
            string[] auth = options.User is null ? ["AUTH", options.Password!] : ["AUTH", options.User, options.Password!];
            var reply = await RoundTripAsync(pipe, reader, auth, cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw Fail("AUTH", reply, options, endPoint);
            }
        }
        if (needsName)
        {
            var reply = await RoundTripAsync(pipe, reader, ["CLIENT", "SETNAME", options.ClientName!], cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw Fail("CLIENT SETNAME", reply, options, endPoint);
            }
        }
        if (options.Database != 0)
        {
            var db = options.Database.ToString(CultureInfo.InvariantCulture);
            var reply = await RoundTripAsync(pipe, reader, ["SELECT", db], cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw Fail($"SELECT {db}", reply, options, endPoint);
            }
        }
        else if (protocol == RedisProtocol.Resp2 && options.Protocol == RedisProtocol.Resp2 && options.Password is null && options.ClientName is null
            && options.Sentinel is null)
        {
            // Nothing was sent, so nothing proved the server accepts us: a requirepass server would otherwise
            // connect "successfully" and then fail every command with NOAUTH. (With Sentinel, ROLE below proves it.)
            var reply = await RoundTripAsync(pipe, reader, ["PING"], cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw Fail("PING", reply, options, endPoint);
            }
        }
        if (options.ReadOnlyReplica)
        {
            // A cluster replica answers reads only after READONLY (https://redis.io/docs/latest/commands/readonly/).
            var reply = await RoundTripAsync(pipe, reader, ["READONLY"], cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw Fail("READONLY", reply, options, endPoint);
            }
        }
        if (options.NoEvict)
        {
            await SwitchOnAsync(pipe, reader, "NO-EVICT", nameof(RedisOptions.NoEvict), "Redis 7.0 or newer and an ACL user allowed @admin commands", endPoint, cancellationToken).ConfigureAwait(false);
        }
        if (options.NoTouch)
        {
            await SwitchOnAsync(pipe, reader, "NO-TOUCH", nameof(RedisOptions.NoTouch), "Redis 7.2 or newer", endPoint, cancellationToken).ConfigureAwait(false);
        }
        if (options.Sentinel is { } sentinel)
        {
            await VerifyRoleAsync(pipe, reader, options, sentinel, endPoint, cancellationToken).ConfigureAwait(false);
        }
        return protocol;
    }

    // CLIENT NO-EVICT and NO-TOUCH are connection state, so they are set here on every connection, reconnects included.
    // The user asked for them by option, so a server that lacks one fails the connect rather than silently running
    // without it (a NO-TOUCH tool would then keep keys alive; a NO-EVICT client could be evicted).
    private static async Task SwitchOnAsync(
        IDuplexPipe pipe, RespReader reader, string mode, string option, string needs, RedisEndPoint endPoint,
        CancellationToken cancellationToken)
    {
        var reply = await RoundTripAsync(pipe, reader, ["CLIENT", mode, "ON"], cancellationToken).ConfigureAwait(false);
        if (reply.IsError)
        {
            throw new RedisConnectionException(
                $"The handshake with {endPoint} failed at CLIENT {mode} ON: {reply.AsString()} RedisOptions.{option} needs {needs}; "
                + $"turn {option} off to connect to this server.", CommandOutcome.NotSent);
        }
    }

    // The sentinels' answer may be stale (mid-failover, or a sentinel cut off from the rest), so the node itself must
    // confirm its role before any command runs; otherwise the connect fails and the reconnect loop asks again.
    // See https://redis.io/docs/latest/develop/reference/sentinel-clients/#step-3-call-the-role-command-in-the-target-instance.
    private static async Task VerifyRoleAsync(
        IDuplexPipe pipe, RespReader reader, RedisOptions options, SentinelOptions sentinel, RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        var reply = await RoundTripAsync(pipe, reader, ["ROLE"], cancellationToken).ConfigureAwait(false);
        if (reply.IsError)
        {
            throw Fail("ROLE", reply, options, endPoint);
        }
        var expected = sentinel.ReadFrom == SentinelReadFrom.Replica ? "slave" : "master";
        var role = reply.IsAggregate && reply.Count > 0 ? reply[0].AsString() : null;
        if (role != expected)
        {
            throw new RedisConnectionException(
                $"The sentinels named {endPoint} as the {(expected == "master" ? "primary" : "replica")} of '{sentinel.ServiceName}', but its ROLE is "
                + $"'{role ?? reply.ToString()}' (a failover may be under way); the client will ask the sentinels again.",
                CommandOutcome.NotSent);
        }
    }

    // A server older than 6 (or with HELLO renamed away) says "unknown command"; one without RESP3 says NOPROTO.
    private static bool IsHelloUnsupported(in RespValue reply)
    {
        var text = reply.AsString() ?? "";
        return text.StartsWith("NOPROTO", StringComparison.Ordinal)
            || text.Contains("unknown command", StringComparison.OrdinalIgnoreCase);
    }

    private static RedisConnectionException Fail(string step, in RespValue reply, RedisOptions options, RedisEndPoint endPoint)
    {
        var message = reply.AsString() ?? "";
        if (options.Password is null && message.StartsWith("NOAUTH", StringComparison.Ordinal))
        {
            // No credentials were sent, so none were refused: say what is missing (issue 13).
            return RedisAuthenticationException.NoCredentials(endPoint, message);
        }
        return message.StartsWith("WRONGPASS", StringComparison.Ordinal)
            || message.StartsWith("NOAUTH", StringComparison.Ordinal)
            || message.StartsWith("NOPERM", StringComparison.Ordinal)
            || message.Contains("invalid password", StringComparison.OrdinalIgnoreCase)
            ? new RedisAuthenticationException(message, options.User)
            : new RedisConnectionException($"The handshake with {endPoint} failed at {step}: {message}", CommandOutcome.NotSent);
    }

    /// <summary>Writes one command and reads its reply; only while no reader loop runs on <paramref name="pipe"/>.</summary>
    public static async Task<RespValue> RoundTripAsync(IDuplexPipe pipe, RespReader reader, string[] command, CancellationToken cancellationToken)
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
