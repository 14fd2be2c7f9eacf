namespace RxRedis;

/// <summary>A sorted-set member with its score.</summary>
/// <param name="Member">The member.</param>
/// <param name="Score">Its score.</param>
public readonly record struct SortedSetEntry(RedisValue Member, double Score);
