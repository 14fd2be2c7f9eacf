using System.Net.Sockets;

namespace RxRedis.Transport;

/// <summary>A TCP or Unix socket read and written with blocking calls (see <see cref="IBlockingDuplex"/>).</summary>
internal sealed class SocketDuplex(Socket socket) : IBlockingDuplex
{
    public int Receive(Span<byte> buffer) => socket.Receive(buffer, SocketFlags.None);

    public void Send(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            data = data[socket.Send(data, SocketFlags.None)..];
        }
    }

    public int Unread
    {
        get
        {
            try
            {
                return socket.Available;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return -1;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            // Wakes a thread blocked in Receive at once, where a bare close may leave it waiting.
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // not connected any more: nothing to wake
        }
        socket.Dispose();
    }
}
