using System.IO.Pipelines;
using RxRedis.Transport;

namespace RxRedis.Tests.Fakes;

/// <summary>Two in-memory pipes joined back to back: what the client writes, the fake server reads, and back.</summary>
internal sealed class InMemoryDuplexPipe : IRedisDuplexPipe
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();

    public PipeReader Input => _toClient.Reader;

    public PipeWriter Output => _toServer.Writer;

    public PipeReader ServerInput => _toServer.Reader;

    public PipeWriter ServerOutput => _toClient.Writer;

    public bool IsDisposed { get; private set; }

    /// <summary>The client tore the connection down: both directions end, as a closed socket would.</summary>
    public void Dispose()
    {
        IsDisposed = true;
        _toServer.Writer.Complete();
        _toClient.Reader.Complete();
        _toServer.Reader.CancelPendingRead();
    }
}
