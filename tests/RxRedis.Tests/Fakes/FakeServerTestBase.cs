using RxRedis.Resilience;

namespace RxRedis.Tests.Fakes;

/// <summary>Connects a client to a <see cref="FakeRedisServer"/> with fast reconnects.</summary>
public abstract class FakeServerTestBase
{
    internal FakeRedisServer Server { get; } = new();

    internal static RedisOptions FastOptions() => new()
    {
        EndPoint = RedisEndPoint.Tcp("fake", 6379),
        ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    internal Task<RedisClient> ConnectAsync(RedisOptions? options = null) =>
        RedisClient.ConnectAsync(options ?? FastOptions(), Server);

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; fails the test otherwise.</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition(), $"Timed out waiting until {what}.");
    }
}
