using System.IO.Pipelines;
using RxRedis.Transport;

namespace RxRedis.Sentinel;

/// <summary>
/// A pipe to a node or sentinel that the Sentinel code chose, carrying its address so the connection reports it.
/// <paramref name="onDispose"/> runs once when the pipe is torn down, by its connection or by a failover.
/// </summary>
internal sealed class ResolvedPipe(IRedisDuplexPipe inner, RedisEndPoint endPoint, Action<ResolvedPipe>? onDispose = null) : IResolvedPipe
{
    private int _disposed;

    public RedisEndPoint EndPoint => endPoint;

    public PipeReader Input => inner.Input;

    public PipeWriter Output => inner.Output;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            inner.Dispose();
            onDispose?.Invoke(this);
        }
    }
}
