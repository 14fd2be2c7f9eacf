using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxRedis.Commands;
using RxRedis.Resilience;

namespace RxRedis;

// An explicit batch: commands sent back to back and one result stream, with its own hook seam.
public sealed partial class RedisClient
{
    /// <summary>
    /// Sends <paramref name="commands"/> (made by this client) back to back on subscription and emits their replies
    /// in order. The pipeline hooks (<see cref="Resilience.IRedisHook.ProcessPipeline{T}"/>) wrap the batch instead of
    /// each command's process hooks; each command keeps its own timeout and retry. The first failure ends the stream.
    /// </summary>
    /// <exception cref="ArgumentException">A command was not made by a <see cref="RedisClient"/>.</exception>
    public IObservable<T> Pipeline<T>(IReadOnlyList<IObservable<T>> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var batch = new RedisCommand<T>[commands.Count];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = commands[i] as RedisCommand<T>
                ?? throw new ArgumentException($"Command {i} was not made by a RedisClient method.", nameof(commands));
        }
        var next = Observable.Create<T>(observer =>
        {
            // Subscribe the ordered reader first, then send every command at once so they share writes.
            var replies = new AsyncSubject<T>[batch.Length];
            for (var i = 0; i < replies.Length; i++)
            {
                replies[i] = new AsyncSubject<T>();
            }
            var subscriptions = new CompositeDisposable(batch.Length + 1) { replies.Concat().Subscribe(observer) };
            for (var i = 0; i < batch.Length; i++)
            {
                subscriptions.Add(batch[i].Unhooked().Subscribe(replies[i]));
            }
            return subscriptions;
        });
        return CommandHooks.ProcessPipeline(_connection.Hooks, Array.ConvertAll(batch, c => c.Info), next);
    }
}
