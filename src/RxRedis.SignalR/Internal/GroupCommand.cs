namespace RxRedis.SignalR.Internal;

/// <summary>Asks the server holding <paramref name="ConnectionId"/> to add it to or remove it from a group, then to ack <paramref name="Id"/>.</summary>
internal sealed record GroupCommand(long Id, string ServerName, bool Add, string GroupName, string ConnectionId);
