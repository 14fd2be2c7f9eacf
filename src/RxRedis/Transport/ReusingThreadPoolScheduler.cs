using System.IO.Pipelines;

namespace RxRedis.Transport;

/// <summary>
/// Runs a pipe's continuations on the thread pool like <see cref="PipeScheduler.ThreadPool"/>, which wraps every
/// continuation in a new work item. A pipe side schedules one continuation at a time, so one spare work item, handed
/// back before it runs the continuation, serves nearly every call; a concurrent call simply gets a new one. One
/// instance per pipe side. Since issue 17 it serves only the handshake's reads (see <see cref="DedicatedIoPipe"/>).
/// </summary>
internal sealed class ReusingThreadPoolScheduler : PipeScheduler
{
    private WorkItem? _spare;

    public override void Schedule(Action<object?> action, object? state)
    {
        var item = Interlocked.Exchange(ref _spare, null) ?? new WorkItem(this);
        item.Set(action, state);
        System.Threading.ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
    }

    private sealed class WorkItem(ReusingThreadPoolScheduler owner) : IThreadPoolWorkItem
    {
        private Action<object?>? _action;
        private object? _state;

        public void Set(Action<object?> action, object? state)
        {
            _action = action;
            _state = state;
        }

        public void Execute()
        {
            var action = _action!;
            var state = _state;
            _action = null;
            _state = null;
            Volatile.Write(ref owner._spare, this);
            action(state);
        }
    }
}
