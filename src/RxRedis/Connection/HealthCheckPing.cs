using System.Buffers;
using System.Reactive.Concurrency;
using RxRedis.Protocol;

namespace RxRedis.Connection;

/// <summary>
/// The idle health check's <c>PING</c>. A socket whose peer vanished without a FIN or RST (a half-open connection)
/// looks healthy until something is sent; when this PING gets no reply within its timeout, the socket is closed so
/// the reconnect loop replaces it. See https://redis.io/docs/latest/commands/ping/.
/// </summary>
internal sealed class HealthCheckPing : PendingCommand
{
    private static readonly byte[] Frame = "*1\r\n$4\r\nPING\r\n"u8.ToArray();

    private readonly PhysicalConnection _target;
    private readonly Action _onDone;
    private IDisposable? _timer;

    public HealthCheckPing(PhysicalConnection target, Action onDone)
    {
        _target = target;
        _onDone = onDone;
    }

    public override string Name => "PING (health check)";

    public void StartTimer(IScheduler scheduler, TimeSpan timeout) =>
        _timer = scheduler.Schedule((Self: this, Timeout: timeout), timeout, static (_, s) =>
        {
            s.Self.OnTimeout(s.Timeout);
            return System.Reactive.Disposables.Disposable.Empty;
        });

    public override void Write(IBufferWriter<byte> output) => output.Write(Frame);

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
                $"A health-check PING got no reply within {timeout.TotalMilliseconds:0} ms; the connection was presumed half-open and closed.",
                CommandOutcome.Unknown));
        }
    }

    private void End()
    {
        _timer?.Dispose();
        _onDone();
    }
}
