using System.IO.Pipelines;

namespace RxRedis.Transport;

/// <summary>A duplex pipe over a stream (an <see cref="System.Net.Security.SslStream"/>); disposing it closes the stream.</summary>
internal sealed class StreamPipe : IRedisDuplexPipe
{
    // Large reads keep bulk replies from being parsed in many small segments.
    private const int ReadBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly IDisposable? _owned;

    /// <summary>Wraps <paramref name="stream"/>; <paramref name="owned"/> is disposed with it.</summary>
    public StreamPipe(Stream stream, IDisposable? owned)
    {
        _stream = stream;
        _owned = owned;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public void Dispose()
    {
        _stream.Dispose();
        _owned?.Dispose();
    }
}
