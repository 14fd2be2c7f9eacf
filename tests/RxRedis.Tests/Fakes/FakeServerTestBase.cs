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

    /// <summary>
    /// Moves virtual time on in small steps (timers such as the reconnect backoff run on it) until
    /// <paramref name="condition"/> holds, bounded; fails the test otherwise.
    /// </summary>
    internal static async Task PumpUntilAsync(Microsoft.Reactive.Testing.TestScheduler scheduler, Func<bool> condition, string what)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            scheduler.AdvanceBy(TimeSpan.FromMilliseconds(10).Ticks);
            await Task.Delay(10);
        }
        Assert.True(condition(), $"Timed out waiting until {what}.");
    }
}
