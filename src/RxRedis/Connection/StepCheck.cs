using System.Buffers;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using RxRedis.Protocol;

namespace RxRedis.Connection;

/// <summary>
/// <c>PING token</c>, where the token names this socket and a sequence number no other client could expect
/// (see <see cref="InStepGuard"/>). Its reply must be that token, in its own FIFO slot: anything else means a reply
/// was lost or added, so every reply after the loss belongs to another command, and the socket is torn down. It
/// serves as the health check (with a timeout: no reply means a half-open link), after an overdue reply, and after
/// every write batch with <see cref="RedisOptions.HighIntegrity"/> (those two without a timeout of their own: a
/// blocking command ahead of them may legitimately hold the reply back). See https://redis.io/docs/latest/commands/ping/.
/// </summary>
internal sealed class StepCheck : PendingCommand
{
    private readonly PhysicalConnection _target;
    private IDisposable? _timer;
    private Action? _onDone;

    /// <summary>A check of <paramref name="target"/>'s stream; <paramref name="name"/> says why it is sent, for errors.</summary>
    public StepCheck(PhysicalConnection target, byte[] token, string name)
    {
        _target = target;
        Token = token;
        Name = name;
    }

    public const string HealthCheck = "health-check PING";
    public const string AfterOverdueReply = "in-step check after an overdue reply";
    public const string AfterBatch = "in-step check of a write batch";

    /// <summary>The bytes the server must echo.</summary>
    public byte[] Token { get; }

    public override string Name { get; }

    /// <summary>
    /// Closes the socket when no reply came within <paramref name="timeout"/> (a half-open link, or a stalled stream),
    /// and calls <paramref name="onDone"/> once the check ended either way.
    /// </summary>
    public void StartTimer(IScheduler scheduler, TimeSpan timeout, Action? onDone)
    {
        _onDone = onDone;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = scheduler.Schedule((Self: this, Timeout: timeout), timeout, static (_, s) =>
            {
                s.Self.OnTimeout(s.Timeout);
                return Disposable.Empty;
            });
        }
    }

    /// <summary>
    /// True when <paramref name="reply"/> is this check's token: a bulk string, or (RESP2 in subscribe mode)
    /// <c>["pong", token]</c> (https://redis.io/docs/latest/commands/ping/).
    /// </summary>
    public bool Matches(in RespValue reply)
    {
        if (reply.Type == RespType.BulkString)
        {
            return reply.Span.SequenceEqual(Token);
        }
        return reply.Type == RespType.Array && reply.Count == 2 && reply[1].Type == RespType.BulkString
            && reply[0].Span.SequenceEqual("pong"u8) && reply[1].Span.SequenceEqual(Token);
    }

    public override void Write(IBufferWriter<byte> output)
    {
        RespWriter.WriteArrayHeader(output, 2);
        RespWriter.WriteBulkString(output, "PING"u8);
        RespWriter.WriteBulkString(output, Token);
    }

    public override bool OnReply(in RespValue reply, int index)
    {
        if (!TryFinish())
        {
            return false;
        }
        End();
        return true;
    }

    public override void OnFailure(Exception error)
    {
        if (TryFinish())
        {
            End();
        }
    }

    public override void OnTimeout(TimeSpan timeout)
    {
        if (TryFinish())
        {
            Abandon();
            End();
            _target.Close(new RedisConnectionException(
                $"The {Name} got no reply within {timeout.TotalMilliseconds:0} ms; the connection was presumed half-open and closed.",
                CommandOutcome.Unknown));
        }
    }

    private void End()
    {
        _timer?.Dispose();
        _onDone?.Invoke();
    }
}
