using Microsoft.Extensions.Logging;

namespace RxRedis.SignalR.Internal;

internal static partial class BackplaneLog
{
    [LoggerMessage(1, LogLevel.Information, "Backplane server {ServerName} connecting to Redis at {EndPoint}.")]
    public static partial void Connecting(ILogger logger, string serverName, string endPoint);

    [LoggerMessage(2, LogLevel.Warning, "A backplane message on {Channel} could not be handled and was dropped.")]
    public static partial void MessageFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "The backplane subscription to {Channel} ended.")]
    public static partial void SubscriptionEnded(ILogger logger, string channel, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Connection {ConnectionId} reads too slowly: {Count} messages wait for it; aborting it.")]
    public static partial void ConnectionBufferFull(ILogger logger, string connectionId, int count);

    [LoggerMessage(5, LogLevel.Debug, "Writing a backplane message to connection {ConnectionId} failed.")]
    public static partial void WriteFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Carrying out a group command from server {ServerName} for connection {ConnectionId} failed.")]
    public static partial void GroupCommandFailed(ILogger logger, string serverName, string connectionId, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "Forwarding the result of invocation {InvocationId} to server {ServerName} failed.")]
    public static partial void ResultForwardFailed(ILogger logger, string invocationId, string serverName, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "Backplane server {ServerName} could not connect to Redis; the next connection or send tries again.")]
    public static partial void StartFailed(ILogger logger, string serverName, Exception exception);
}
