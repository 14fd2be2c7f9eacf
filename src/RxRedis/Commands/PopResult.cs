namespace RxRedis;

/// <summary>What a multi-key pop (<c>LMPOP</c>, <c>ZMPOP</c>, <c>BLPOP</c>, ...) took, and from which key.</summary>
/// <typeparam name="T">The element type: <see cref="RedisValue"/> for lists, <see cref="SortedSetEntry"/> for sorted sets.</typeparam>
/// <param name="Key">The key the elements were popped from.</param>
/// <param name="Items">The elements, in pop order.</param>
public sealed record PopResult<T>(RedisKey Key, IReadOnlyList<T> Items);
