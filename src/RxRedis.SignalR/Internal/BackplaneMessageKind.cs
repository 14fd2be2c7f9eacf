namespace RxRedis.SignalR.Internal;

/// <summary>The first byte of a backplane payload after the format version.</summary>
internal enum BackplaneMessageKind : byte
{
    /// <summary>A hub message for connections, serialized in every protocol the hub supports.</summary>
    Invocation = 1,
    /// <summary>Add a connection to, or remove it from, a group (sent to the connection's channel).</summary>
    GroupCommand = 2,
    /// <summary>A server has carried out a group command.</summary>
    Ack = 3,
    /// <summary>A client's result for an invocation another server sent, in the client's protocol.</summary>
    Completion = 4,
}
