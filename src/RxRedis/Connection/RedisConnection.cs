using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Threading.Channels;
using RxRedis.Protocol;
using RxRedis.Commands;
using RxRedis.Resilience;
using RxRedis.Routing;
using RxRedis.Transport;

namespace RxRedis.Connection;

/// <summary>
/// The client's lasting link to one server. Callers put commands into one channel; a <see cref="PhysicalConnection"/>
/// drains it. When the socket breaks, in-flight commands fail (outcome unknown) while queued ones stay in the
/// channel and go out on the next socket, which is opened with backoff on the options' scheduler and handshaken
/// again (auth, database, name, protocol). It also owns the default command timeout (<see cref="DeadlineQueue"/>)
/// and the idle health check.
/// </summary>
internal sealed class RedisConnection : ICommandRouter, IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly IRedisTransport _transport;
    // Synchronous continuations: the only one is the writer thread's wake-up (see ThreadWaiter), which the enqueuing
    // thread then runs itself instead of queueing it to the thread pool (issue 17).
    private readonly Channel<PendingCommand> _commands = Channel.CreateUnbounded<PendingCommand>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = true });
    private readonly BehaviorSubject<ConnectionState> _state;
    private readonly CancellationTokenSource _disposing = new();
    private readonly DeadlineQueue _deadlines;
    private readonly ResendQueue _resend;
    private PhysicalConnection? _current;
    // The server the states name: the options' endpoint until a socket says which node it reached (Sentinel).
    private volatile RedisEndPoint _endPoint;
    private volatile bool _connected;
    private volatile bool _down;
    private volatile bool _retired;
    private Task? _loop;
    private IDisposable? _healthCheck;
    private int _healthCheckOutstanding;
    private long _droppedReplies;
    private int _disposed;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Set by ReconnectNow: the transport's target moved, so the current or next backoff wait is cut short.
    private readonly IDisposable? _targetMoved;
    private TaskCompletionSource? _backoffWake;
    private int _dialNow;

    private RedisConnection(RedisOptions options, IRedisTransport transport)
    {
        _options = options;
        Hooks = [.. options.Hooks];
        _transport = transport;
        _endPoint = options.EndPoint;
        _deadlines = new DeadlineQueue(options.Scheduler, options.CommandTimeout);
        _resend = new ResendQueue(options.Scheduler);
        _state = new BehaviorSubject<ConnectionState>(new ConnectionState(ConnectionStatus.Connecting, options.EndPoint));
        _targetMoved = (transport as IMovingTargetTransport)?.TargetMoved.Subscribe(_ => ReconnectNow());
    }

    /// <summary>
    /// What a timeout report says about this connection and the thread pool when a command timed out (issue 17): a
    /// starved pool shows as busy threads and queued work items, a stalled server as replies owed and nothing unread.
    /// (The command channel has a single reader, which cannot count what is queued.)
    /// </summary>
    public string DescribeLoad()
    {
        var current = _current;
        var unread = current?.Unread ?? -1;
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        ThreadPool.GetMaxThreads(out var maxWorkers, out _);
        ThreadPool.GetAvailableThreads(out var freeWorkers, out _);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"in flight {(current is null ? 0 : current.Written - current.Answered)}, "
            + $"unread {(unread < 0 ? "?" : unread.ToString(System.Globalization.CultureInfo.InvariantCulture))} B; "
            + $"pool: {maxWorkers - freeWorkers} busy (min {minWorkers}, max {maxWorkers}), {ThreadPool.ThreadCount} threads, "
            + $"{ThreadPool.PendingWorkItemCount} work items queued");
    }

    /// <summary>The client's options (validated, copied).</summary>
    public RedisOptions Options => _options;

    /// <summary>The hooks, first outermost, fixed at connect time.</summary>
    public IRedisHook[] Hooks { get; }

    /// <summary>State changes; replays the current state to each new subscriber, including the final <c>Disposed</c>.</summary>
    // A completed BehaviorSubject gives late subscribers only OnCompleted, so after disposal replay the last state here.
    public IObservable<ConnectionState> State => Observable.Defer(() =>
    {
        lock (_state)
        {
            return _state.Value.Status == ConnectionStatus.Disposed ? Observable.Return(_state.Value) : _state.AsObservable();
        }
    });

    /// <summary>Where this connection dials.</summary>
    public RedisEndPoint EndPoint => _options.EndPoint;

    /// <summary>True while a handshaken socket serves commands.</summary>
    public bool IsConnected => _connected;

    /// <summary>
    /// Set by a cluster client on its node connections: once the socket was lost or a dial failed, commands fail at
    /// once as not sent (queued ones too) instead of waiting for a reconnect, so their retries ask the refreshed slot
    /// map and reach the replica promoted in the node's place. Commands still queue during the first connect.
    /// </summary>
    public bool FailWhileDown { get; set; }

    /// <summary>True after the socket was lost or a dial failed, until the next connect (false while first connecting).</summary>
    public bool IsDown => _down;

    /// <summary>True once disposal (or retirement from a cluster's map) began.</summary>
    public bool IsDisposing => Volatile.Read(ref _disposed) != 0;

    /// <summary>Completes when disposal ended: every written command was answered or failed, every queued one failed.</summary>
    public Task WhenClosed => _closed.Task;

    /// <summary>One server: every command goes here.</summary>
    public RedisConnection Route(int slot, CommandFlags flags) => this;

    /// <summary>The protocol of the current (or last) socket.</summary>
    public RedisProtocol Protocol => _current?.Protocol ?? _options.Protocol;

    /// <summary>Late replies read and dropped (their command had timed out or been disposed), over all sockets.</summary>
    public long DroppedReplies => Interlocked.Read(ref _droppedReplies);

    /// <summary>Receives RESP3 push frames (pub/sub messages, invalidations) on the reader loop.</summary>
    public Action<RespValue>? PushHandler { get; set; }

    /// <summary>
    /// Marks non-push frames that are out of band too, sending them to <see cref="PushHandler"/> instead of the FIFO.
    /// Set only on a RESP2 subscriber connection, where pub/sub messages arrive as plain arrays
    /// (https://redis.io/docs/latest/develop/interact/pubsub/#wire-protocol-example).
    /// </summary>
    public Func<RespValue, bool>? OutOfBandClassifier { get; set; }

    /// <summary>
    /// Connects (within the connect timeout) through <paramref name="transport"/>, which already runs the dial hooks
    /// (<see cref="RedisClient"/> wraps it once for all its connections), and starts serving commands. With <see cref="RedisOptions.AbortOnConnectFail"/>
    /// off, a failed first attempt is not thrown: the connection keeps trying in the background.
    /// </summary>
    public static async Task<RedisConnection> ConnectAsync(RedisOptions options, IRedisTransport transport, CancellationToken cancellationToken)
    {
        var connection = new RedisConnection(options, transport);
        PhysicalConnection? first = null;
        try
        {
            first = await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException e) when (!options.AbortOnConnectFail && e is not RedisAuthenticationException)
        {
            connection.Publish(new ConnectionState(ConnectionStatus.Disconnected, connection._endPoint, e));
        }
        catch
        {
            connection.Publish(new ConnectionState(ConnectionStatus.Disposed, connection._endPoint));
            connection._state.OnCompleted();
            throw;
        }
        if (first is not null)
        {
            connection.OnConnected(first);
        }
        connection._loop = Task.Run(() => connection.RunAsync(first), CancellationToken.None);
        connection.StartHealthCheck();
        return connection;
    }

    /// <summary>
    /// Starts connecting in the background and returns at once; commands queue meanwhile (unless
    /// <see cref="RedisOptions.QueueWhileDisconnected"/> is off). A cluster client opens the node a redirect names
    /// this way, because the command that learned of the node must not wait for a handshake on the caller's thread.
    /// </summary>
    public static RedisConnection Open(RedisOptions options, IRedisTransport transport)
    {
        var connection = new RedisConnection(options, transport);
        connection._loop = Task.Run(() => connection.RunAsync(null, dialAtOnce: true), CancellationToken.None);
        connection.StartHealthCheck();
        return connection;
    }

    /// <summary>
    /// Queues a command for the writer loop. With <paramref name="defaultTimeout"/> its timeout is the connection's
    /// default, kept in the shared deadline queue. After disposal, or while disconnected with
    /// <see cref="RedisOptions.QueueWhileDisconnected"/> off, it fails at once as not sent.
    /// </summary>
    public void Enqueue(PendingCommand command, bool defaultTimeout)
    {
        if (!_connected && (!_options.QueueWhileDisconnected || (FailWhileDown && _down)) && Volatile.Read(ref _disposed) == 0)
        {
            command.OnFailure(NotConnected(command));
            return;
        }
        command.Connection = this;
        if (defaultTimeout && _options.CommandTimeout != Timeout.InfiniteTimeSpan)
        {
            _deadlines.Add(command);
        }
        if (!_commands.Writer.TryWrite(command))
        {
            command.OnFailure(Closed(command));
        }
    }

    private RedisConnectionException NotConnected(PendingCommand command) => FailWhileDown
        ? new($"{command.Name} was not sent: the cluster node {_endPoint} is unreachable.", CommandOutcome.NotSent)
        : new($"{command.Name} was not sent: the connection to {_endPoint} is down and QueueWhileDisconnected is off.", CommandOutcome.NotSent);

    /// <summary>
    /// Sends <paramref name="written"/> again on this connection, ahead of every command queued after it and in the
    /// order such resends are asked for (see <see cref="ResendQueue"/>): after <paramref name="backoff"/> on a live
    /// socket (a server-state error), or first thing on the next socket (null, after a lost one). False when it cannot
    /// be: the client is closing, this is a cluster node (its commands are routed afresh instead), the connection is
    /// down and does not queue, or the owner abandoned the entry; the caller then ends it with its error.
    /// </summary>
    public bool TryResend(PendingCommand written, TimeSpan? backoff) => MayResend() && written.TryPrepareResend() && Ahead(written, backoff);

    /// <summary>As <see cref="TryResend"/>, for a new entry that carries the retry of a failed one (a bulk part).</summary>
    public bool TrySendAhead(PendingCommand entry, TimeSpan? backoff) => MayResend() && Ahead(entry, backoff);

    /// <summary>
    /// A cluster node's share of <see cref="Cluster.ClusterResendLane"/>: queues <paramref name="entry"/> (queued, not
    /// finished) behind what this node was sent before, only while the node is connected, since a node connection
    /// does not hold commands while down. Behind, not ahead like <see cref="TrySendAhead"/>: commands that followed an
    /// <c>ASK</c> here from the slot's old owner are older than the lane's entries of that slot and are already in
    /// the queue; placed ahead, a held write overtook them (issue 18). With <paramref name="defaultTimeout"/> the entry
    /// gets the default timeout here unless it already has one.
    /// </summary>
    public bool TryPlaceRetry(PendingCommand entry, bool defaultTimeout)
    {
        if (Volatile.Read(ref _disposed) != 0 || !_connected || _current is not { IsClosed: false })
        {
            return false;
        }
        if (defaultTimeout && entry.DeadlineTicks == 0 && _options.CommandTimeout != Timeout.InfiniteTimeSpan)
        {
            _deadlines.Add(entry);
        }
        entry.Connection = this;
        return _commands.Writer.TryWrite(entry);
    }

    private bool MayResend() =>
        Volatile.Read(ref _disposed) == 0 && !FailWhileDown && (_options.QueueWhileDisconnected || _current is { IsClosed: false });

    private bool Ahead(PendingCommand entry, TimeSpan? backoff)
    {
        entry.Connection = this;
        var current = _current;
        // After a lost socket the reconnect backoff is the one wait; the block goes first on the next socket.
        _resend.Add(entry, current is { IsClosed: false } ? backoff : null, current);
        return true;
    }

    /// <summary>
    /// A written command timed out while its reply is still owed: maybe the server is slow, maybe a reply was lost
    /// and every later reply would reach the wrong command. Replies are held from now until an in-step check sent
    /// after it passes (see <see cref="InStepGuard"/>), and a reply stalled in the middle of its frame is watched for
    /// (see <see cref="StalledReplyWatch"/>).
    /// </summary>
    public void OnReplyOverdue()
    {
        if (_current is not { } socket)
        {
            return;
        }
        if (socket.Doubt() is { } check)
        {
            SendCheck(check);
        }
        // The check cannot come back through a reply that stopped mid-frame; only a stall watch ends that socket.
        StalledReplyWatch.Arm(socket, _options.Scheduler, _options.CommandTimeout);
    }

    private void SendCheck(StepCheck check)
    {
        check.Connection = this;
        if (!_commands.Writer.TryWrite(check))
        {
            check.OnFailure(Closed(check));
        }
    }

    // Runs on the connection's loop while no socket reads the queue.
    private void FailQueued()
    {
        FailResends();
        while (_commands.Reader.TryRead(out var queued))
        {
            queued.OnFailure(NotConnected(queued));
        }
    }

    // Resends that will not go: their first attempt was sent, so the outcome is unknown.
    private void FailResends()
    {
        foreach (var entry in _resend.TakeAll())
        {
            entry.OnFailure(new RedisConnectionException(
                $"{entry.Name} was sent, then its connection to {_endPoint} was lost, and it could not be sent again ({(Volatile.Read(ref _disposed) != 0 ? "the client was disposed" : "QueueWhileDisconnected is off")}); it may or may not have run.",
                CommandOutcome.Unknown));
        }
    }

    private async Task<PhysicalConnection> OpenAsync(CancellationToken cancellationToken)
    {
        using var timeout = SchedulerDelay.TimeoutSource(_options.Scheduler, _options.ConnectTimeout, cancellationToken, out var timer);
        using (timer)
        {
            try
            {
                return await PhysicalConnection.OpenAsync(_transport, _options, new(OnPush, IsOutOfBand, OnDroppedReply, _resend), timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RedisConnectionException(
                    $"Could not connect to {_options.Target} within the connect timeout of {_options.ConnectTimeout.TotalMilliseconds:0} ms.",
                    CommandOutcome.NotSent);
            }
        }
    }

    private void OnPush(RespValue push) => PushHandler?.Invoke(push);

    private bool IsOutOfBand(RespValue frame) => OutOfBandClassifier?.Invoke(frame) ?? false;

    private void OnDroppedReply() => Interlocked.Increment(ref _droppedReplies);

    private void OnConnected(PhysicalConnection current)
    {
        _current = current;
        _endPoint = current.EndPoint;
        _connected = true;
        _down = false;
        Volatile.Write(ref _dialNow, 0);
        Publish(new ConnectionState(ConnectionStatus.Connected, _endPoint));
    }

    private async Task RunAsync(PhysicalConnection? current, bool dialAtOnce = false)
    {
        while (true)
        {
            if (current is null)
            {
                current = dialAtOnce ? await TryOpenAsync().ConfigureAwait(false) : null;
                if (dialAtOnce && current is null && FailWhileDown)
                {
                    FailQueued();
                }
                dialAtOnce = false;
                current ??= await ReconnectAsync().ConfigureAwait(false);
                if (current is null)
                {
                    return;
                }
                OnConnected(current);
            }
            var reason = await current.RunAsync(_commands).ConfigureAwait(false);
            if (_disposing.IsCancellationRequested)
            {
                return;
            }
            _connected = false;
            Publish(new ConnectionState(ConnectionStatus.Disconnected, _endPoint, reason));
            if (!_options.QueueWhileDisconnected || FailWhileDown)
            {
                FailQueued();
            }
            current.Dispose();
            current = null;
        }
    }

    // The first dial of a connection opened in the background: no backoff before it.
    private async Task<PhysicalConnection?> TryOpenAsync()
    {
        try
        {
            return await OpenAsync(_disposing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            return null;
        }
        catch (RedisConnectionException e)
        {
            Publish(new ConnectionState(ConnectionStatus.Disconnected, _options.EndPoint, e));
            return null;
        }
    }

    private async Task<PhysicalConnection?> ReconnectAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var delay = _options.ReconnectBackoff.Delay(attempt, _options.Random);
            var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _backoffWake, wake);
            if (Volatile.Read(ref _dialNow) == 1)
            {
                wake.TrySetResult(); // the target moved while the last dial ran
            }
            // The timer is scheduled before the state is published, so an observer of the state sees it pending.
            var wait = SchedulerDelay.WaitAsync(_options.Scheduler, delay, _disposing.Token);
            Publish(new ConnectionState(ConnectionStatus.Reconnecting, _endPoint, Attempt: attempt, Delay: delay));
            try
            {
                await Task.WhenAny(wait, wake.Task).ConfigureAwait(false);
                _disposing.Token.ThrowIfCancellationRequested();
                if (Interlocked.Exchange(ref _dialNow, 0) == 1)
                {
                    attempt = 0; // a new target: should this dial fail, back off from the start again
                }
                return await OpenAsync(_disposing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
            {
                return null;
            }
            catch (RedisConnectionException e)
            {
                Publish(new ConnectionState(ConnectionStatus.Disconnected, _endPoint, e));
            }
        }
    }

    /// <summary>
    /// The transport's target moved (a new Sentinel primary): a backoff wait in progress ends now, and one that
    /// starts before the next connect is skipped. The waits stay on the options' scheduler otherwise.
    /// </summary>
    internal void ReconnectNow()
    {
        Volatile.Write(ref _dialNow, 1);
        Volatile.Read(ref _backoffWake)?.TrySetResult();
    }

    // Every interval, busy or idle, the socket is probed with an in-step check: it proves the link is alive (a
    // half-open one never answers) and that replies still line up with commands. Counting replies as proof of life
    // skipped every other probe on an idle link (the probe's own reply counted) and never checked a busy one.
    private void StartHealthCheck()
    {
        var interval = _options.HealthCheckInterval;
        if (interval <= TimeSpan.Zero || interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }
        _healthCheck = _options.Scheduler.Schedule(interval, next =>
        {
            CheckHealth();
            next(interval);
        });
    }

    private void CheckHealth()
    {
        if (_current is not { } current || !_connected || Interlocked.Exchange(ref _healthCheckOutstanding, 1) != 0)
        {
            return;
        }
        var check = current.NewCheck(StepCheck.HealthCheck);
        check.StartTimer(_options.Scheduler, _options.CommandTimeout, () => Volatile.Write(ref _healthCheckOutstanding, 0));
        SendCheck(check);
    }

    private void Publish(ConnectionState state)
    {
        if (state.Status is ConnectionStatus.Disconnected or ConnectionStatus.Reconnecting)
        {
            _down = true;
        }
        lock (_state)
        {
            if (!_state.IsDisposed && _state.Value.Status != ConnectionStatus.Disposed)
            {
                _state.OnNext(state);
            }
        }
    }

    /// <summary>
    /// Closes a cluster node's connection when the node left the slot map. As <see cref="DisposeAsync"/>, except that
    /// what is still queued (or races in) fails as plainly not sent, which the retry policy retries against the
    /// slot's new owner, rather than as sent to a disposed client, which it never retries.
    /// </summary>
    public ValueTask RetireAsync()
    {
        _retired = true;
        return DisposeAsync();
    }

    private RedisConnectionException Closed(PendingCommand command) => _retired
        ? new($"{command.Name} was not sent: {_options.EndPoint} left the cluster's slot map.", CommandOutcome.NotSent)
        : new($"{command.Name} was not sent: the client was disposed.", CommandOutcome.NotSent, new ObjectDisposedException(nameof(RedisClient)));

    /// <summary>
    /// Stops accepting commands, lets written ones receive their replies (bounded by the connect timeout on the
    /// scheduler), fails anything still queued as not sent, and closes the socket.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _healthCheck?.Dispose();
        _targetMoved?.Dispose();
        var current = _current;
        using (_options.Scheduler.Schedule(_options.ConnectTimeout, () => current?.Close()))
        {
            // Disposing is marked before the channel ends: the writer thread sees the end at once (woken by this very
            // call), and the loop must then know the socket closed because the client is going, not because it was lost.
            await _disposing.CancelAsync().ConfigureAwait(false);
            _commands.Writer.TryComplete();
            if (_loop is not null)
            {
                await _loop.ConfigureAwait(false);
            }
        }
        _current?.Close();
        FailResends();
        while (_commands.Reader.TryRead(out var queued))
        {
            queued.OnFailure(Closed(queued));
        }
        Publish(new ConnectionState(ConnectionStatus.Disposed, _endPoint));
        lock (_state)
        {
            _state.OnCompleted();
        }
        _disposing.Dispose();
        _closed.TrySetResult();
    }
}
