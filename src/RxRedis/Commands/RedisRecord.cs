using RxRedis.Protocol;

namespace RxRedis;

/// <summary>
/// A reply that is a record of named fields whose set varies by server version (<c>XINFO</c>, <c>FUNCTION LIST</c>,
/// <c>COMMAND DOCS</c>): field name to value as sent, so new fields are not lost.
/// </summary>
/// <param name="Fields">Field name to value.</param>
public sealed record RedisRecord(IReadOnlyDictionary<string, RespValue> Fields);
