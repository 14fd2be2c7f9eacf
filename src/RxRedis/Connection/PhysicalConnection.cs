using System.Collections.Concurrent;
using System.Threading.Channels;
using RxRedis.Protocol;
using RxRedis.Transport;

namespace RxRedis.Connection;

/// <summary>
/// One socket's life: the handshake, a writer loop that drains the shared command channel into RESP frames, and a
/// reader loop that hands each reply to the oldest in-flight command. It is never reused: when either loop stops
/// (socket error, protocol error, peer close) the socket is torn down and every in-flight command fails with an
/// outcome-unknown connection error.
/// </summary>
internal sealed partial class PhysicalConnection : IDisposable
{
    private readonly IRedisDuplexPipe _pipe;
    private readonly RespReader _reader;
    private readonly Action<RespValue>? _onPush;
    private readonly Func<RespValue, bool>? _isOutOfBand;
    // Written and not yet answered, oldest first. The reader dequeues an entry on its first reply and holds it in
    // _head while it takes more: peeking a ConcurrentQueue would keep every dequeued entry referenced until its
    // (up to a million-slot) segment filled, promoting finished commands, arguments and replies out of gen0.
    private readonly ConcurrentQueue<PendingCommand> _inFlight = new();
    private PendingCommand? _head;
    private long _written;    // entries put in the FIFO (writer loop only)
    private long _answered;   // entries given all their replies (reader loop only)
    private readonly CancellationTokenSource _stop = new();
    private readonly RedisEndPoint _endPoint;
    private readonly Action? _onDropped;
    private readonly ResendQueue _resend;
    private readonly InStepGuard _guard;
    private Exception? _closeReason;
    private PendingCommand? _halfWritten; // taken from the channel when writing failed: newer than the whole FIFO

    private PhysicalConnection(
        IRedisDuplexPipe pipe, RespReader reader, RedisEndPoint endPoint, RedisProtocol protocol,
        SocketCallbacks callbacks, bool highIntegrity, System.Reactive.Concurrency.IScheduler clock)
    {
        _clock = clock;
        _pipe = pipe;
        _reader = reader;
        _endPoint = endPoint;
        Protocol = protocol;
        _onPush = callbacks.OnPush;
        _isOutOfBand = callbacks.IsOutOfBand;
        _onDropped = callbacks.OnDropped;
        _resend = callbacks.Resend;
        _guard = new InStepGuard(highIntegrity);
    }

    /// <summary>What a socket hands back to the connection that owns it.</summary>
    /// <param name="OnPush">Receives out-of-band frames (RESP3 pushes, RESP2 pub/sub arrays).</param>
    /// <param name="IsOutOfBand">Marks non-push frames that are out of band too (RESP2 pub/sub messages).</param>
    /// <param name="OnDropped">Counts late replies read and dropped.</param>
    /// <param name="Resend">The owner's ordered resends, written ahead of the channel.</param>
    internal sealed record SocketCallbacks(Action<RespValue>? OnPush, Func<RespValue, bool>? IsOutOfBand, Action? OnDropped, ResendQueue Resend);

    /// <summary>True once the socket was torn down.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Entries put in the FIFO so far.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>Entries given all their replies so far.</summary>
    public long Answered => Volatile.Read(ref _answered);

    /// <summary>A check of this socket's stream (see <see cref="InStepGuard"/>), for the caller to queue.</summary>
    public StepCheck NewCheck(string name) => new(this, _guard.NextToken(), name);

    /// <summary>
    /// A written command's reply is overdue: replies are held from now until a check passes, and that check is
    /// returned for the caller to queue (null when one already queued covers it).
    /// </summary>
    public StepCheck? Doubt() => IsClosed ? null : _guard.Doubt(this);

    /// <summary>Wakes a writer loop parked on the empty channel, so it sees the resend block.</summary>
    public void WakeWriter() => _wake?.TryWrite(WriterWakeUp.Instance);

    /// <summary>Bytes the socket received that the reader has not taken yet (-1 when the transport cannot say).</summary>
    public int Unread => _pipe is IDedicatedIo io ? io.Unread : -1;

    /// <summary>The server this socket is connected to (with Sentinel, the node the sentinels named).</summary>
    public RedisEndPoint EndPoint => _endPoint;

    /// <summary>The protocol the handshake settled on.</summary>
    public RedisProtocol Protocol { get; }

    /// <summary>
    /// Opens a socket through <paramref name="transport"/> and runs the handshake on it; <paramref name="callbacks"/>
    /// connect it to its owner.
    /// </summary>
    public static async Task<PhysicalConnection> OpenAsync(
        IRedisTransport transport, RedisOptions options, SocketCallbacks callbacks, CancellationToken cancellationToken)
    {
        IRedisDuplexPipe pipe;
        try
        {
            pipe = await transport.ConnectAsync(options.EndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or RedisConnectionException))
        {
            // A RedisConnectionException already says what was tried (Sentinel names every sentinel it asked).
            throw new RedisConnectionException($"Could not connect to {options.Target}: {e.Message}", CommandOutcome.NotSent, e);
        }
        var endPoint = pipe is IResolvedPipe resolved ? resolved.EndPoint : options.EndPoint;
        try
        {
            var reader = new RespReader(options.ReaderLimits);
            var protocol = await Handshake.RunAsync(pipe, reader, options, endPoint, cancellationToken).ConfigureAwait(false);
            return new PhysicalConnection(pipe, reader, endPoint, protocol, callbacks, options.HighIntegrity, options.Scheduler);
        }
        catch (Exception e)
        {
            pipe.Dispose();
            if (e is RespProtocolException)
            {
                throw new RedisConnectionException($"{endPoint} sent a malformed reply during the handshake: {e.Message}", CommandOutcome.NotSent, e);
            }
            if (e is RedisException or OperationCanceledException)
            {
                throw;
            }
            // A reset or I/O error mid-handshake is a failed connection attempt like any other, so the reconnect loop retries it.
            throw new RedisConnectionException($"The handshake with {endPoint} failed: {e.Message}", CommandOutcome.NotSent, e);
        }
    }

    /// <summary>
    /// Runs both loops until the connection ends, then fails whatever is still in flight. Returns why it ended.
    /// Only one <see cref="RunAsync"/> may read <paramref name="commands"/> at a time; it has stopped reading when
    /// this task completes.
    /// </summary>
    public async Task<Exception> RunAsync(Channel<PendingCommand> commands)
    {
        _wake = commands.Writer; // before the writer loop first checks for Close
        var writer = StartWriter(commands.Reader);
        Task<Exception?> reader;
        if (_pipe is IDedicatedIo io)
        {
            // From here the reader loop runs on the socket's receive thread (issue 17): no pool thread between a
            // receive and the parse, and the waiter of a reply released from there.
            io.ReadInline();
            reader = OffTheLoopThread(ReadLoopAsync());
        }
        else
        {
            reader = Task.Run(ReadLoopAsync);
        }
        var first = await Task.WhenAny(writer, reader).ConfigureAwait(false);
        var reason = await first.ConfigureAwait(false);
        if (first == writer && reason is null)
        {
            // The channel completed (client disposing): let written commands get their replies, then close.
            // The owner bounds this wait by calling Close().
            BeginDrain();
            reason = await reader.ConfigureAwait(false);
            Close();
        }
        else
        {
            Close();
            var other = await (first == writer ? reader : writer).ConfigureAwait(false);
            reason ??= other;
        }
        reason = Volatile.Read(ref _closeReason) ?? reason ?? new RedisConnectionException($"The connection to {_endPoint} was closed.", CommandOutcome.Unknown);
        FailInFlight(reason);
        return reason;
    }

    // The writer loop has a thread of its own; it blocks, never awaits (see ThreadWaiter). Its end is reported
    // asynchronously, so what RunAsync does next (tear-down, reconnect) never runs on that thread.
    private Task<Exception?> StartWriter(ChannelReader<PendingCommand> commands)
    {
        var done = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() => done.SetResult(WriteLoop(commands))) { IsBackground = true, Name = $"RxRedis writer {_endPoint}" }.UnsafeStart();
        return done.Task;
    }

    // The reader loop ends on the receive thread; the tear-down after it must not (it may reach user code: states).
    private static Task<Exception?> OffTheLoopThread(Task<Exception?> loop)
    {
        var done = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.ContinueWith(
            static (ended, state) => ((TaskCompletionSource<Exception?>)state!).SetResult(ended.Result), done,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return done.Task;
    }

    /// <summary>Tears the socket down; both loops end and <see cref="RunAsync"/> completes.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _stop.Cancel();
            _wake?.TryWrite(WriterWakeUp.Instance);
            _pipe.Dispose();
        }
    }

    private int _closed;
    private volatile ChannelWriter<PendingCommand>? _wake;   // where Close wakes a writer loop parked on the channel

    /// <summary>Tears the socket down because of <paramref name="reason"/> (a failed health check), which becomes the reported cause.</summary>
    public void Close(Exception reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        Close();
    }

    /// <summary>Closes the socket and releases the loops' cancellation source.</summary>
    public void Dispose()
    {
        Close();
        _stop.Dispose();
    }

    // Runs after both loops ended, so the held replies, _head and the FIFO are no longer touched by them. Oldest
    // first: an entry that may be resent joins the owner's resend queue in the order it was written.
    private void FailInFlight(Exception reason)
    {
        PendingCommand? lastHeld = null;
        foreach (var held in _guard.HeldEntries())
        {
            FailSent(held, reason);
            lastHeld = held;
        }
        if (_head is { } head)
        {
            _head = null;
            if (!ReferenceEquals(head, lastHeld))
            {
                FailSent(head, reason);
            }
        }
        while (_inFlight.TryDequeue(out var command))
        {
            FailSent(command, reason);
        }
        if (Interlocked.Exchange(ref _halfWritten, null) is { } halfWritten)
        {
            halfWritten.OnFailure(halfWritten.IsWritten
                ? new RedisConnectionException($"Writing {halfWritten.Name} to {_endPoint} failed; it may or may not have run. ({reason.Message})", CommandOutcome.Unknown, reason)
                : new RedisConnectionException($"{halfWritten.Name} was not sent: {reason.Message}", CommandOutcome.NotSent, reason));
        }
    }

    private void FailSent(PendingCommand command, Exception reason) =>
        command.OnFailure(new RedisConnectionException(
            $"The connection to {_endPoint} was lost after {command.Name} was sent; it may or may not have run. ({reason.Message})",
            CommandOutcome.Unknown,
            reason));

    private bool NothingInFlight => Volatile.Read(ref _written) == Volatile.Read(ref _answered);
}
