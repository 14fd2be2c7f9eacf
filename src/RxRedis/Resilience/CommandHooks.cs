using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxRedis.Commands;

namespace RxRedis.Resilience;

/// <summary>
/// The hook step of a command's attempt pipeline, shared by every kind of command (plain, blocking, batch,
/// transaction, pipeline): each kind's runtime passes the observable that runs it, retries included, and gets back
/// the one its subscriber subscribes to. Until the kinds share one pipeline (issue 12) this is the one place the
/// hooks are called, so that spans, metrics and slow-command logs see every kind.
/// </summary>
internal static class CommandHooks
{
    /// <summary>One command through <see cref="IRedisHook.Process"/> of each hook, the first outermost.</summary>
    public static IObservable<T> Process<T>(IRedisHook[] hooks, CommandInfo command, IObservable<T> inner)
    {
        for (var i = hooks.Length - 1; i >= 0; i--)
        {
            inner = hooks[i].Process(command, inner);
        }
        return inner;
    }

    /// <summary>
    /// Commands sent together through <see cref="IRedisHook.ProcessPipeline"/> of each hook, the first outermost.
    /// <paramref name="commands"/> is asked when the result is subscribed, since a batch takes commands until then.
    /// </summary>
    public static IObservable<T> ProcessPipeline<T>(IRedisHook[] hooks, Func<IReadOnlyList<CommandInfo>> commands, IObservable<T> inner) =>
        hooks.Length == 0 ? inner : Observable.Defer(() => ProcessPipeline(hooks, commands(), inner));

    /// <summary>Commands sent together through <see cref="IRedisHook.ProcessPipeline"/> of each hook, the first outermost.</summary>
    public static IObservable<T> ProcessPipeline<T>(IRedisHook[] hooks, IReadOnlyList<CommandInfo> commands, IObservable<T> inner)
    {
        for (var i = hooks.Length - 1; i >= 0; i--)
        {
            inner = hooks[i].ProcessPipeline(commands, inner);
        }
        return inner;
    }

    /// <summary>
    /// For the runtimes that are queue entries rather than observables (a bulk chunk, a pub/sub control command):
    /// the hooks get an observable that stands for the entry, subscribed now (when it is sent) and ended by
    /// <see cref="Observed.End"/> (when its replies are in). They observe it (spans, metrics, slow logs) but cannot
    /// hold back, repeat or replace the send. Null without hooks. One command goes through
    /// <see cref="IRedisHook.Process"/>, several through <see cref="IRedisHook.ProcessPipeline"/>.
    /// </summary>
    public static Observed? Observe(IRedisHook[] hooks, IReadOnlyList<CommandInfo> commands)
    {
        if (hooks.Length == 0)
        {
            return null;
        }
        var outcome = new AsyncSubject<Unit>();
        var hooked = commands.Count == 1 ? Process(hooks, commands[0], outcome.AsObservable()) : ProcessPipeline(hooks, commands, outcome.AsObservable());
        hooked.Subscribe(static _ => { }, static _ => { }); // the entry's own caller hears of its outcome; this is the hooks' copy
        return new Observed(outcome);
    }

    /// <summary>The hooks' view of one queue entry; see <see cref="Observe"/>.</summary>
    internal sealed class Observed(AsyncSubject<Unit> outcome)
    {
        /// <summary>Ends the entry for the hooks: completed, or failed with <paramref name="error"/>. Never on the reader loop (hooks are user code).</summary>
        public void End(Exception? error)
        {
            if (error is null)
            {
                outcome.OnNext(Unit.Default);
                outcome.OnCompleted();
            }
            else
            {
                outcome.OnError(error);
            }
        }
    }
}
