namespace RxRedis.Diagnostics;

/// <summary>
/// An exception that user code threw into the client, reported by <see cref="RedisClient.CallbackErrors"/> and logged
/// as <see cref="RedisLogEvents.CallbackFailed"/>. The client caught it and kept working; see
/// <see cref="RedisClient.CallbackErrors"/> for what happened to the subscription.
/// </summary>
/// <param name="Kind">Which callback threw.</param>
/// <param name="Source">What was delivering: a command name (<c>GET</c>), <c>SUBSCRIBE</c>, <c>SCAN</c>, <c>ConnectionState</c>, ... (never arguments, keys or channel names).</param>
/// <param name="Exception">What the callback threw.</param>
public sealed record CallbackError(CallbackKind Kind, string Source, Exception Exception);
