using System.Buffers;
using System.Reactive;
using System.Reactive.Subjects;
using RxRedis.Cluster;
using RxRedis.Connection;
using RxRedis.Protocol;

namespace RxRedis.Commands;

/// <summary>
/// One command inside a batch or transaction. The block writes every item's frame in one go and feeds each its
/// reply on the reader loop (decoding there, so a bad reply fails one item); results are delivered later, in
/// order, off the reader loop. The item's observable replays its result to late subscribers.
/// </summary>
internal abstract class BlockItem
{
    public abstract string Name { get; }

    /// <summary>The command's row, for the hooks (<see cref="Resilience.IRedisHook.ProcessPipeline"/>).</summary>
    public abstract CommandInfo Info { get; }

    /// <summary>The hash slot of the command's keys (none on one server, or without keys).</summary>
    public abstract int Slot { get; }

    /// <summary>The command's flags (a batch in a cluster routes read-only commands as single commands are).</summary>
    public abstract CommandFlags Flags { get; }

    public abstract void Write(IBufferWriter<byte> output);

    public abstract void SetReply(in RespValue reply);

    public abstract void SetError(Exception error);

    /// <summary>Delivers the stored outcome; later calls do nothing.</summary>
    public abstract void Deliver();

    /// <summary>
    /// In a cluster, follows the <c>MOVED</c>/<c>ASK</c> this item was answered in its batch's block as a single
    /// command that keeps the issue number <paramref name="issued"/> (see <see cref="RedisCommand{T}.Redirected"/>);
    /// returns what completes once its result is delivered, or null when its redirect budget is spent.
    /// </summary>
    public abstract IObservable<System.Reactive.Unit>? FollowRedirect(Redirect redirect, RedisConnection? source, long issued);

    /// <summary>
    /// In a cluster, sends this item on its own instead of in its node's block: its slot has older commands waiting
    /// in the resend lane, which it must queue behind (see <see cref="ClusterResendLane"/>). Completes once its result
    /// is delivered.
    /// </summary>
    public abstract IObservable<System.Reactive.Unit> SendAlone();

    /// <summary>Wraps a command made by one of the client's typed methods.</summary>
    public static BlockItem<T> From<T>(IObservable<T> command, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(command, parameterName);
        return command is RedisCommand<T> typed
            ? new BlockItem<T>(typed)
            : throw new ArgumentException(
                "Only commands made by RedisClient's typed methods (or Execute) can be batched; blocking commands, scans, composed observables " +
                "and, in a cluster, multi-key commands split over several slots cannot.",
                parameterName);
    }
}

/// <inheritdoc />
#pragma warning disable CA1001 // the subject replays the result to late subscribers, so it lives as long as they hold it
internal sealed class BlockItem<T>(RedisCommand<T> command) : BlockItem
{
    private readonly AsyncSubject<T> _result = new();
    private T? _value;
    private Exception? _error;

    public IObservable<T> Result => command.Options.Callbacks.PerSubscriber(_result, command.Info.Name);

    public override string Name => command.Info.Name;

    public override CommandInfo Info => command.Info;

    public override int Slot => command.Slot;

    public override CommandFlags Flags => command.Info.Flags;

    public override void Write(IBufferWriter<byte> output) => command.WriteTo(output);

    // An error already set (the block timed out or failed first) stays: the first outcome wins.
    public override void SetReply(in RespValue reply) => _error ??= ReplyDecoding.Decode(reply, command.Decode, Name, out _value);

    public override void SetError(Exception error) => _error ??= error;

    public override IObservable<Unit>? FollowRedirect(Redirect redirect, RedisConnection? source, long issued) =>
        command.MayRedirect ? Run(observer => command.Redirected(redirect, source).Continue(observer, issued, retryNotices: null)) : null;

    public override IObservable<Unit> SendAlone() => Run(observer => command.Unhooked().Subscribe(observer));

    // Runs an attempt of the item's command whose outcome becomes the item's (the hooks saw the batch already).
    private AsyncSubject<Unit> Run(Action<IObserver<T>> subscribe)
    {
        var ended = new AsyncSubject<Unit>();
        subscribe(Observer.Create<T>(
            value => _value = value,
            error =>
            {
                SetError(error);
                Deliver();
                ended.OnCompleted();
            },
            () =>
            {
                Deliver();
                ended.OnCompleted();
            }));
        return ended;
    }

    public override void Deliver()
    {
        if (_error is { } error)
        {
            _result.OnError(error);
            return;
        }
        _result.OnNext(_value!);
        _result.OnCompleted();
    }
}
#pragma warning restore CA1001
