namespace RxRedis.Transport;

/// <summary>
/// A connected byte stream read and written with blocking calls, each side from a thread of its own. On Linux a
/// blocking socket receive is woken by the kernel (or the socket engine's own thread) without a thread-pool thread,
/// where an asynchronous receive's completion is queued to the pool: under pool starvation that queue is where
/// replies waited (issue 17).
/// </summary>
internal interface IBlockingDuplex : IDisposable
{
    /// <summary>Blocks until bytes arrive; 0 when the peer closed the stream.</summary>
    int Receive(Span<byte> buffer);

    /// <summary>Sends every byte of <paramref name="data"/>, blocking while the socket's send buffer is full.</summary>
    void Send(ReadOnlySpan<byte> data);

    /// <summary>Bytes the peer has sent that nobody has read yet, for timeout reports (-1 when not known).</summary>
    int Unread { get; }
}
