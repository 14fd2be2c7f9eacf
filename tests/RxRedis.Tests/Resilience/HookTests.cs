using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Text;
using RxRedis.Commands;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Transport;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Resilience;

/// <summary>Hooks: order (first added outermost), short-circuit, error propagation, and retries inside one call.</summary>
public sealed class HookTests : FakeServerTestBase
{
    private readonly ConcurrentQueue<string> _log = new();

    private static RedisOptions WithHooks(params IRedisHook[] hooks)
    {
        var options = FastOptions();
        options.RetryPolicy = RetryPolicy.Default with { Backoff = new Backoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)) };
        foreach (var hook in hooks)
        {
            options.Hooks.Add(hook);
        }
        return options;
    }

    [Fact]
    public async Task The_first_hook_added_runs_outermost_for_dial_and_process()
    {
        await using var client = await ConnectAsync(WithHooks(new LoggingHook("A", _log), new LoggingHook("B", _log)));

        await client.Get("k");

        Assert.Equal(
            ["dial A in", "dial B in", "dial B out", "dial A out", "GET A in", "GET B in", "GET B out", "GET A out"],
            _log);
    }

    [Fact]
    public async Task A_hook_can_short_circuit_so_nothing_is_sent()
    {
        await using var client = await ConnectAsync(WithHooks(new CachingHook(), new LoggingHook("inner", _log)));

        var value = await client.Get("k");

        Assert.Equal("cached", value.ToString());
        Assert.DoesNotContain(Server.Connections[0].Received, r => r[0] == "GET");
        Assert.DoesNotContain("GET inner in", _log);
    }

    [Fact]
    public async Task Server_errors_reach_the_hooks_and_the_subscriber_and_a_hook_can_map_them()
    {
        Server.Handler = (c, _) => c.SendRawAsync("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        await using var client = await ConnectAsync(WithHooks(new MappingHook(), new LoggingHook("inner", _log)));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await client.Get("k"));

        Assert.IsType<RedisServerException>(error.InnerException);
        Assert.Contains("GET inner error WRONGTYPE", _log);
    }

    [Fact]
    public async Task A_hook_that_throws_fails_the_command_not_the_connection()
    {
        await using var client = await ConnectAsync(WithHooks(new ThrowingHook()));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await client.Get("k"));
        Assert.Equal("PONG", (await client.Ping()).ToString());
    }

    [Fact]
    public async Task Retries_happen_inside_one_hook_call()
    {
        var gets = 0;
        Server.Handler = (c, cmd) => cmd[0] == "GET" && Interlocked.Increment(ref gets) == 1
            ? c.SendRawAsync("-LOADING Redis is loading the dataset in memory\r\n")
            : c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[^1])));
        await using var client = await ConnectAsync(WithHooks(new LoggingHook("A", _log)));

        Assert.Equal("k", (await client.Get("k")).ToString());

        Assert.Equal(2, gets);
        Assert.Equal(["GET A in", "GET A out"], _log.Where(l => l.StartsWith("GET", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_pipeline_runs_its_hook_once_around_the_batch_and_emits_replies_in_order()
    {
        await using var client = await ConnectAsync(WithHooks(new LoggingHook("A", _log)));

        var replies = await client.Pipeline([client.Get("a"), client.Get("b"), client.Get("c")]).ToList();

        Assert.Equal(["a", "b", "c"], replies.Select(r => r.ToString()));
        Assert.Equal(["pipeline GET,GET,GET A in", "pipeline GET,GET,GET A out"], _log.Where(l => l.StartsWith("pipeline", StringComparison.Ordinal)));
        Assert.DoesNotContain(_log, l => l.StartsWith("GET", StringComparison.Ordinal));
    }

    private sealed class LoggingHook(string name, ConcurrentQueue<string> log) : IRedisHook
    {
        public IObservable<IRedisDuplexPipe> Dial(RedisEndPoint endPoint, IObservable<IRedisDuplexPipe> inner) => Wrap("dial", inner);

        public IObservable<T> Process<T>(CommandInfo command, IObservable<T> inner) => Wrap(command.Name, inner);

        public IObservable<T> ProcessPipeline<T>(IReadOnlyList<CommandInfo> commands, IObservable<T> inner) =>
            Wrap("pipeline " + string.Join(",", commands), inner);

        private IObservable<T> Wrap<T>(string what, IObservable<T> inner) => Observable.Defer(() =>
        {
            log.Enqueue($"{what} {name} in");
            return inner
                .Do(_ => { }, e => log.Enqueue($"{what} {name} error {(e as RedisServerException)?.Prefix}"), () => log.Enqueue($"{what} {name} out"));
        });
    }

    private sealed class CachingHook : IRedisHook
    {
        public IObservable<T> Process<T>(CommandInfo command, IObservable<T> inner) =>
            command.Name == "GET" && typeof(T) == typeof(RedisValue) ? (IObservable<T>)(object)Observable.Return((RedisValue)"cached") : inner;
    }

    private sealed class MappingHook : IRedisHook
    {
        public IObservable<T> Process<T>(CommandInfo command, IObservable<T> inner) =>
            inner.Catch((RedisServerException e) => Observable.Throw<T>(new InvalidOperationException("mapped", e)));
    }

    private sealed class ThrowingHook : IRedisHook
    {
        public IObservable<T> Process<T>(CommandInfo command, IObservable<T> inner) =>
            command.Name == "GET" ? inner.Select<T, T>(_ => throw new InvalidOperationException("hook bug")) : inner;
    }
}
