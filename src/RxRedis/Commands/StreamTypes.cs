namespace RxRedis;

/// <summary>One stream entry: its id and its field/value pairs in order.</summary>
/// <param name="Id">The entry id, e.g. <c>1700000000000-0</c>.</param>
/// <param name="Fields">The fields and values.</param>
public sealed record StreamEntry(RedisValue Id, IReadOnlyList<KeyValuePair<RedisValue, RedisValue>> Fields);

/// <summary>The entries read from one stream by <c>XREAD</c>/<c>XREADGROUP</c>.</summary>
/// <param name="Key">The stream.</param>
/// <param name="Entries">Its entries (for XREADGROUP history, an entry deleted since delivery has no fields).</param>
public sealed record StreamEntries(RedisKey Key, IReadOnlyList<StreamEntry> Entries);

/// <summary>The reply of <c>XAUTOCLAIM</c>.</summary>
/// <param name="NextId">Where the next call should start (<c>0-0</c> when the scan is complete).</param>
/// <param name="Claimed">The entries claimed.</param>
/// <param name="DeletedIds">Pending ids whose entries no longer exist (Redis 7).</param>
public sealed record StreamAutoClaimResult(RedisValue NextId, IReadOnlyList<StreamEntry> Claimed, IReadOnlyList<RedisValue> DeletedIds);

/// <summary>The summary form of <c>XPENDING key group</c>.</summary>
/// <param name="Count">Pending entries in the group.</param>
/// <param name="LowestId">The smallest pending id, or null when none.</param>
/// <param name="HighestId">The largest pending id, or null when none.</param>
/// <param name="Consumers">Each consumer with pending entries and how many.</param>
public sealed record StreamPendingSummary(long Count, RedisValue LowestId, RedisValue HighestId, IReadOnlyList<KeyValuePair<RedisValue, long>> Consumers);

/// <summary>One row of the extended form of <c>XPENDING</c>.</summary>
/// <param name="Id">The entry id.</param>
/// <param name="Consumer">The consumer it was delivered to.</param>
/// <param name="Idle">Time since it was last delivered.</param>
/// <param name="DeliveryCount">How many times it was delivered.</param>
public sealed record StreamPendingEntry(RedisValue Id, RedisValue Consumer, TimeSpan Idle, long DeliveryCount);
