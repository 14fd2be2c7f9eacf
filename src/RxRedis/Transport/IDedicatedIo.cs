namespace RxRedis.Transport;

/// <summary>A duplex pipe with a receive thread of its own (see <see cref="DedicatedIoPipe"/>).</summary>
internal interface IDedicatedIo
{
    /// <summary>From now on the pipe's reader runs on the receive thread. Called once the handshake is over.</summary>
    void ReadInline();

    /// <summary>Bytes received by the socket and not yet read, for timeout reports (-1 when not known).</summary>
    int Unread { get; }
}
