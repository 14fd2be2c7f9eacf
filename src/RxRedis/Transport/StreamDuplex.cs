namespace RxRedis.Transport;

/// <summary>
/// A stream (an <see cref="System.Net.Security.SslStream"/>) read and written with blocking calls: one reader and one
/// writer at a time, which SslStream allows. Disposing it closes the stream and disposes <paramref name="owned"/>.
/// </summary>
internal sealed class StreamDuplex(Stream stream, IDisposable? owned) : IBlockingDuplex
{
    public int Receive(Span<byte> buffer) => stream.Read(buffer);

    public void Send(ReadOnlySpan<byte> data)
    {
        stream.Write(data);
        stream.Flush();
    }

    public int Unread => -1; // TLS buffers what it decrypts; the socket's count would not be the reply bytes

    public void Dispose()
    {
        stream.Dispose();
        owned?.Dispose();
    }
}
