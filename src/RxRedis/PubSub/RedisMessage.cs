namespace RxRedis;

/// <summary>One pub/sub message as delivered to a subscriber.</summary>
/// <param name="Kind">The kind of subscription that received it.</param>
/// <param name="Channel">The channel the message was published to.</param>
/// <param name="Payload">The message body, as published.</param>
/// <param name="Pattern">For <see cref="SubscriptionKind.Pattern"/>, the pattern that matched; otherwise null.</param>
public sealed record RedisMessage(SubscriptionKind Kind, string Channel, RedisValue Payload, string? Pattern = null);
