using System.Text;
using RxRedis.Protocol;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Connection;

public sealed class RxGrammarTests : FakeServerTestBase
{
    [Fact]
    public async Task Every_observer_sees_one_value_then_completion_or_one_error_even_while_connections_break()
    {
        var random = new Random(1234);
        var replies = 0;
        Server.Handler = async (c, cmd) =>
        {
            // Every 500th reply the server drops the connection instead, failing whatever is in flight.
            if (Interlocked.Increment(ref replies) % 500 == 0)
            {
                c.Close();
                return;
            }
            await c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[1])));
        };
        await using var client = await ConnectAsync();

        var observers = new List<(string Key, GrammarCheckingObserver<RedisValue> Observer, bool Disposed)>();
        for (var i = 0; i < 5_000; i++)
        {
            var key = $"k{i}";
            var observer = new GrammarCheckingObserver<RedisValue>();
            var subscription = client.Get(key).Subscribe(observer);
            var dispose = random.Next(4) == 0;
            if (dispose)
            {
                subscription.Dispose();
            }
            observers.Add((key, observer, dispose));
        }

        await WaitUntilAsync(() => observers.All(o => o.Disposed || o.Observer.IsTerminated), "every live observer terminates");
        await Task.Delay(50); // give any stray late call the chance to show up

        foreach (var (key, observer, disposed) in observers)
        {
            Assert.Null(observer.Violation);
            if (disposed)
            {
                // Disposed right after subscribing: usually nothing arrives; if the reply won the race it must be its own.
                Assert.All(observer.Values, v => Assert.Equal(key, v.ToString()));
                continue;
            }
            if (observer.Error is null)
            {
                Assert.True(observer.Completed);
                Assert.Equal(key, Assert.Single(observer.Values).ToString());
            }
            else
            {
                Assert.Empty(observer.Values);
                Assert.IsAssignableFrom<RedisConnectionException>(observer.Error);
            }
        }
        Assert.Contains(observers, o => !o.Disposed && o.Observer.Error is null);
    }
}
