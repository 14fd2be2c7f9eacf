namespace RxRedis.Protocol;

/// <summary>
/// The bytes received are not valid RESP. The connection that produced them cannot be trusted any more and must
/// be closed: the reader cannot know where the next frame starts.
/// </summary>
public sealed class RespProtocolException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public RespProtocolException()
        : base("Malformed RESP input.")
    {
    }

    /// <summary>Creates the exception with the given message.</summary>
    public RespProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the given message and cause.</summary>
    public RespProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a problem found at <paramref name="offset"/> bytes into the frame.</summary>
    public RespProtocolException(string message, long offset)
        : base($"Malformed RESP at byte {offset} of the frame: {message}")
    {
        Offset = offset;
    }

    /// <summary>The byte offset within the frame where the problem was found, or -1 when not known.</summary>
    public long Offset { get; } = -1;
}
