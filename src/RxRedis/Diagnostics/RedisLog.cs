using Microsoft.Extensions.Logging;

namespace RxRedis.Diagnostics;

// Generated, allocation-free log methods. Messages carry names, endpoints, numbers and error kinds only: never
// command arguments or credentials.
internal static partial class RedisLog
{
    [LoggerMessage(EventId = RedisLogEvents.Connected, EventName = nameof(Connected), Level = LogLevel.Information,
        Message = "Connected to {EndPoint} (database {Database})")]
    public static partial void Connected(ILogger logger, string endPoint, int database);

    [LoggerMessage(EventId = RedisLogEvents.Disconnected, EventName = nameof(Disconnected), Level = LogLevel.Warning,
        Message = "Disconnected from {EndPoint}: {ErrorType}")]
    public static partial void Disconnected(ILogger logger, string endPoint, string errorType, Exception? reason);

    [LoggerMessage(EventId = RedisLogEvents.Reconnecting, EventName = nameof(Reconnecting), Level = LogLevel.Information,
        Message = "Reconnecting to {EndPoint}: attempt {Attempt} in {DelayMs} ms")]
    public static partial void Reconnecting(ILogger logger, string endPoint, int attempt, double delayMs);

    [LoggerMessage(EventId = RedisLogEvents.Closed, EventName = nameof(Closed), Level = LogLevel.Information,
        Message = "Connection to {EndPoint} closed: the client was disposed")]
    public static partial void Closed(ILogger logger, string endPoint);

    [LoggerMessage(EventId = RedisLogEvents.Dialling, EventName = nameof(Dialling), Level = LogLevel.Debug,
        Message = "Opening a socket to {EndPoint}")]
    public static partial void Dialling(ILogger logger, string endPoint);

    [LoggerMessage(EventId = RedisLogEvents.DialFailed, EventName = nameof(DialFailed), Level = LogLevel.Warning,
        Message = "Could not open a socket to {EndPoint}: {ErrorType}")]
    public static partial void DialFailed(ILogger logger, string endPoint, string errorType, Exception error);

    [LoggerMessage(EventId = RedisLogEvents.Retrying, EventName = nameof(Retrying), Level = LogLevel.Warning,
        Message = "{Command} attempt {Attempt} failed with {ErrorType}; retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string command, int attempt, string errorType, double delayMs, Exception error);

    [LoggerMessage(EventId = RedisLogEvents.SlowCommand, EventName = nameof(SlowCommand), Level = LogLevel.Warning,
        Message = "{Command} took {ElapsedMs} ms ({Outcome}), over the slow-command threshold of {ThresholdMs} ms")]
    public static partial void SlowCommand(ILogger logger, string command, double elapsedMs, string outcome, double thresholdMs);

    [LoggerMessage(EventId = RedisLogEvents.SentinelResolved, EventName = nameof(SentinelResolved), Level = LogLevel.Information,
        Message = "Sentinel {Sentinel} named {EndPoint} as the {Role} of {Service}")]
    public static partial void SentinelResolved(ILogger logger, RedisEndPoint sentinel, RedisEndPoint endPoint, string role, string service);

    [LoggerMessage(EventId = RedisLogEvents.SentinelSwitchMaster, EventName = nameof(SentinelSwitchMaster), Level = LogLevel.Warning,
        Message = "Sentinel {Sentinel} announced +switch-master for {Service}: {OldEndPoint} -> {NewEndPoint}")]
    public static partial void SentinelSwitchMaster(ILogger logger, RedisEndPoint? sentinel, string service, RedisEndPoint oldEndPoint, RedisEndPoint newEndPoint);

    [LoggerMessage(EventId = RedisLogEvents.SentinelPrimaryChanged, EventName = nameof(SentinelPrimaryChanged), Level = LogLevel.Information,
        Message = "The primary of {Service} is now {EndPoint} (learned from {Source}); closed {Closed} connection(s) to nodes that no longer serve the client")]
    public static partial void SentinelPrimaryChanged(ILogger logger, string service, RedisEndPoint endPoint, string source, int closed);

    [LoggerMessage(EventId = RedisLogEvents.SentinelMonitorFailed, EventName = nameof(SentinelMonitorFailed), Level = LogLevel.Warning,
        Message = "Listening to the sentinels of {Service} for failovers failed with {ErrorType}; trying again in {DelayMs} ms")]
    public static partial void SentinelMonitorFailed(ILogger logger, string service, string errorType, double delayMs, Exception error);

    [LoggerMessage(EventId = RedisLogEvents.IgnoredConnectionStringOption, EventName = nameof(IgnoredConnectionStringOption), Level = LogLevel.Information,
        Message = "Connection string option {Option} is accepted but ignored: {Reason}")]
    public static partial void IgnoredConnectionStringOption(ILogger logger, string option, string reason);

    [LoggerMessage(EventId = RedisLogEvents.CallbackFailed, EventName = nameof(CallbackFailed), Level = LogLevel.Error,
        Message = "User code ({Kind}) delivering {Source} threw {ErrorType}; the client caught it and carries on")]
    public static partial void CallbackFailed(ILogger logger, CallbackKind kind, string source, string errorType, Exception error);
}
