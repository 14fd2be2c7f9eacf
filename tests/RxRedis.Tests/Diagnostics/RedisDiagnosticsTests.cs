using System.Diagnostics;
using System.Reactive.Linq;
using System.Text;
using RxRedis.Diagnostics;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Diagnostics;

/// <summary>RedisDiagnostics against the fake server: spans, measurements and log events, and what they never contain.</summary>
public sealed class RedisDiagnosticsTests : FakeServerTestBase, IDisposable
{
    // A host name of its own, so the process-wide listeners keep only this test's measurements and spans.
    private readonly string _host = $"diag-{Guid.NewGuid():N}";
    private readonly TelemetryCapture _capture;

    public RedisDiagnosticsTests() => _capture = new TelemetryCapture(_host, 6379);

    public void Dispose() => _capture.Dispose();

    private RedisOptions Options(TimeSpan? slowThreshold = null)
    {
        var options = FastOptions();
        options.EndPoint = RedisEndPoint.Tcp(_host, 6379);
        options.Database = 3;
        options.RetryPolicy = RetryPolicy.Default with { Backoff = new Backoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)) };
        options.AddDiagnostics(new RedisDiagnosticsOptions { Logger = _capture, SlowCommandThreshold = slowThreshold ?? Timeout.InfiniteTimeSpan });
        return options;
    }

    [Fact]
    public async Task A_command_is_one_client_span_with_the_redis_attributes_and_no_arguments()
    {
        await using var client = await ConnectAsync(Options());

        await client.Set("user:1", "argument-value-xyz");

        var span = Assert.Single(_capture.Spans);
        Assert.Equal("SET", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("redis", span.GetTagItem("db.system.name"));
        Assert.Equal("redis", span.GetTagItem("db.system"));
        Assert.Equal("SET", span.GetTagItem("db.operation.name"));
        Assert.Equal("3", span.GetTagItem("db.namespace"));
        Assert.Equal(_host, span.GetTagItem("server.address"));
        Assert.Equal(6379, span.GetTagItem("server.port"));
        Assert.Null(span.GetTagItem("db.query.text"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.DoesNotContain(_capture.AllText(), t => t.Contains("user:1", StringComparison.Ordinal) || t.Contains("argument-value-xyz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_error_sets_error_type_on_the_span_and_counts_an_error()
    {
        // Real servers echo arguments in some errors; none of the message may reach a span or a tag.
        Server.Handler = (c, cmd) => cmd[0] == "GET"
            ? c.SendRawAsync("-WRONGTYPE Operation against a key holding the wrong kind of value 'secret-arg'\r\n")
            : c.SendRawAsync("+OK\r\n");
        await using var client = await ConnectAsync(Options());

        await Assert.ThrowsAsync<RedisServerException>(async () => await client.Get("secret-arg"));

        var span = Assert.Single(_capture.Spans);
        Assert.Equal("WRONGTYPE", span.GetTagItem("error.type"));
        Assert.Equal("WRONGTYPE", span.GetTagItem("db.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        var error = Assert.Single(_capture.Of("rxredis.command.errors"));
        Assert.Equal("GET", error.Tags["db.operation.name"]);
        Assert.Equal("WRONGTYPE", error.Tags["error.type"]);
        Assert.Equal("Rejected", error.Tags["rxredis.command_outcome"]);
        Assert.Equal("error", Assert.Single(_capture.Of("rxredis.commands")).Tags["rxredis.outcome"]);
        Assert.DoesNotContain(_capture.AllText(), t => t.Contains("secret-arg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Commands_are_counted_timed_and_tracked_in_flight_by_name_and_outcome()
    {
        await using var client = await ConnectAsync(Options());

        await client.Get("a");
        await client.Get("b");
        await client.Ping();

        var commands = _capture.Of("rxredis.commands").ToList();
        Assert.Equal(2, commands.Count(m => (string?)m.Tags["db.operation.name"] == "GET" && (string?)m.Tags["rxredis.outcome"] == "ok"));
        Assert.Single(commands, m => (string?)m.Tags["db.operation.name"] == "PING");
        var durations = _capture.Of("rxredis.command.duration").ToList();
        Assert.Equal(3, durations.Count);
        Assert.All(durations, d => Assert.True(d.Value >= 0));
        var inFlight = _capture.Of("rxredis.commands.in_flight").Select(m => m.Value).ToList();
        Assert.Equal(6, inFlight.Count);
        Assert.Equal(0, inFlight.Sum());
        Assert.Empty(_capture.Of("rxredis.command.errors"));
    }

    [Fact]
    public async Task A_disposed_command_is_counted_as_cancelled_and_leaves_nothing_in_flight()
    {
        var received = new TaskCompletionSource();
        Server.Handler = (c, cmd) =>
        {
            if (cmd[0] != "GET")
            {
                return c.SendRawAsync("+OK\r\n");
            }
            received.TrySetResult();
            return Task.CompletedTask; // never answers
        };
        await using var client = await ConnectAsync(Options());

        var subscription = client.Get("k").Subscribe(_ => { });
        await received.Task.WaitAsync(TimeSpan.FromSeconds(5));
        subscription.Dispose();

        Assert.Equal("cancelled", Assert.Single(_capture.Of("rxredis.commands")).Tags["rxredis.outcome"]);
        Assert.Equal(0, _capture.Of("rxredis.commands.in_flight").Sum(m => m.Value));
        Assert.Single(_capture.Spans);
    }

    [Fact]
    public async Task A_pipeline_is_one_span_with_its_batch_size()
    {
        await using var client = await ConnectAsync(Options());

        await client.Pipeline([client.Get("a"), client.Get("b"), client.Get("c")]).ToList();

        var span = Assert.Single(_capture.Spans);
        Assert.Equal("PIPELINE", span.DisplayName);
        Assert.Equal(3, span.GetTagItem("db.operation.batch.size"));
    }

    [Fact]
    public async Task Subscribing_leaves_the_callers_current_activity_alone()
    {
        await using var client = await ConnectAsync(Options());
        using var parent = new Activity("caller").Start();

        await client.Get("k");

        Assert.Same(parent, Activity.Current);
        Assert.Equal(parent.TraceId, Assert.Single(_capture.Spans).TraceId);
    }

    [Fact]
    public async Task Retries_and_slow_commands_are_logged_with_their_event_ids()
    {
        var gets = 0;
        Server.Handler = (c, cmd) => cmd[0] == "GET" && Interlocked.Increment(ref gets) == 1
            ? c.SendRawAsync("-LOADING Redis is loading the dataset in memory\r\n")
            : c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[^1])));
        await using var client = await ConnectAsync(Options(slowThreshold: TimeSpan.Zero));

        await client.Get("k");

        var retry = Assert.Single(_capture.Logs, l => l.Id.Id == RedisLogEvents.Retrying);
        Assert.Equal("GET attempt 1 failed with LOADING; retrying in " + retry.State.Single(s => s.Key == "DelayMs").Value + " ms", retry.Message);
        var slow = Assert.Single(_capture.Logs, l => l.Id.Id == RedisLogEvents.SlowCommand);
        Assert.StartsWith("GET took ", slow.Message, StringComparison.Ordinal);
        Assert.Equal("ok", slow.State.Single(s => s.Key == "Outcome").Value);
        Assert.Single(_capture.Spans); // one span per call, retries included
    }

    [Fact]
    public async Task Watching_logs_connects_disconnects_and_reconnect_attempts_and_counts_reconnects()
    {
        var options = Options();
        var diagnostics = options.Hooks.OfType<RedisDiagnostics>().Single();
        await using (var client = await ConnectAsync(options))
        {
            diagnostics.Watch(client); // ends by itself with the client's Disposed state
            Server.Connections[0].Close();
            await WaitUntilAsync(() => _capture.Logs.Count(l => l.Id.Id == RedisLogEvents.Connected) == 2, "the client reconnected");
        }

        var ids = _capture.Logs.Select(l => l.Id.Id).Where(id => id != RedisLogEvents.Dialling).ToList();
        Assert.Equal(
            [RedisLogEvents.Connected, RedisLogEvents.Disconnected, RedisLogEvents.Reconnecting, RedisLogEvents.Connected, RedisLogEvents.Closed],
            ids);
        Assert.Equal($"Connected to {_host}:6379 (database 3)", _capture.Logs.First(l => l.Id.Id == RedisLogEvents.Connected).Message);
        Assert.NotNull(_capture.Logs.Single(l => l.Id.Id == RedisLogEvents.Disconnected).Exception);
        Assert.Equal(2, _capture.Logs.Count(l => l.Id.Id == RedisLogEvents.Dialling));
        Assert.Equal(1, _capture.Of("rxredis.reconnects").Sum(m => m.Value));
    }

    [Fact]
    public async Task A_failed_dial_is_logged()
    {
        Server.Refuse = true;
        var options = Options();

        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(options));

        Assert.Contains(_capture.Logs, l => l.Id.Id == RedisLogEvents.DialFailed && l.Exception is System.Net.Sockets.SocketException);
    }

    [Fact]
    public async Task With_metrics_and_tracing_off_nothing_is_recorded()
    {
        var options = FastOptions();
        options.EndPoint = RedisEndPoint.Tcp(_host, 6379);
        options.AddDiagnostics(new RedisDiagnosticsOptions { Metrics = false, Tracing = false });
        await using var client = await ConnectAsync(options);

        await client.Get("k");

        Assert.Empty(_capture.Spans);
        Assert.Empty(_capture.Measurements);
    }
}
