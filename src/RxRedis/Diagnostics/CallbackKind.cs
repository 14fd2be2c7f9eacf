namespace RxRedis.Diagnostics;

/// <summary>Which piece of user code threw: see <see cref="RedisClient.CallbackErrors"/>.</summary>
public enum CallbackKind
{
    /// <summary>An observer's <c>OnNext</c>; the observer's subscription was ended and it is called no more.</summary>
    OnNext,

    /// <summary>An observer's <c>OnError</c> (its subscription had already ended).</summary>
    OnError,

    /// <summary>An observer's <c>OnCompleted</c> (its subscription had already ended).</summary>
    OnCompleted,

    /// <summary>A hook (<see cref="Resilience.IRedisHook"/>) called by the client, such as <c>OnRetry</c>.</summary>
    Hook,
}
