using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.PubSub;

/// <summary>Connecting, waiting and killing connections for the pub/sub and caching tests.</summary>
internal static class PubSubTestHelpers
{
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    public static Task<RedisClient> ConnectAsync(RedisServerProcess server, RedisProtocol protocol, string? name = null) =>
        RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, server.Port),
            Protocol = protocol,
            ClientName = name,
            ReconnectBackoff = new RxRedis.Resilience.Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)),
        });

    /// <summary>Waits for the n-th confirmation of a subscription (1 = first subscribe, 2 = first restore, ...).</summary>
    public static Task WaitReadyAsync<T>(RedisSubscription<T> subscription, int count = 1) =>
        subscription.Ready.Take(count).LastAsync().Timeout(WaitLimit).ToTask();

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Kills every connection named <paramref name="name"/> (optionally only those in pub/sub mode, flag P).</summary>
    public static async Task<int> KillClientsAsync(RedisServerProcess server, string name, bool subscribersOnly)
    {
        var list = await server.ExecRawAsync("CLIENT", "LIST");
        var killed = 0;
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
            if (fields.GetValueOrDefault("name") == name && (!subscribersOnly || fields.GetValueOrDefault("flags", "").Contains('P', StringComparison.Ordinal)))
            {
                await server.ExecRawAsync("CLIENT", "KILL", "ID", fields["id"]);
                killed++;
            }
        }
        return killed;
    }

    /// <summary>Collects what an observer receives, thread-safely.</summary>
    public sealed class Recorder<T> : IObserver<T>
    {
        private readonly List<T> _items = [];

        public Exception? Error { get; private set; }

        public bool Completed { get; private set; }

        public List<T> Items
        {
            get
            {
                lock (_items)
                {
                    return [.. _items];
                }
            }
        }

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public void OnNext(T value)
        {
            lock (_items)
            {
                _items.Add(value);
            }
        }

        public void OnError(Exception error) => Error = error;

        public void OnCompleted() => Completed = true;

        public async Task WaitForCountAsync(int count)
        {
            var deadline = DateTime.UtcNow + WaitLimit;
            while (Count < count && Error is null)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Timed out with {Count} of {count} items.");
                await Task.Delay(10);
            }
            Assert.Null(Error);
        }
    }
}
