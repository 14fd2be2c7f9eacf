using System.Reactive.Linq;
using RxRedis.Diagnostics;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Resilience;

namespace RxRedis.IntegrationTests.Diagnostics;

/// <summary>Against a password-protected redis-server: nothing diagnostics emit ever carries the password.</summary>
public sealed class DiagnosticsSecretTests
{
    private const string Password = "pa55-Diag-Secret-7731";

    [Fact]
    public async Task The_password_never_appears_in_logs_tags_or_spans_when_auth_succeeds_or_fails()
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { Password = Password });
        using var capture = new TelemetryCapture(RedisServerProcess.Host, server.Port);

        var refused = Options(server, "wrong-" + Password, capture);
        await Assert.ThrowsAsync<RedisAuthenticationException>(() => RedisClient.ConnectAsync(refused));

        var options = Options(server, Password, capture);
        var diagnostics = options.Hooks.OfType<RedisDiagnostics>().Single();
        await using (var client = await RedisClient.ConnectAsync(options))
        {
            diagnostics.Watch(client);
            await client.Set("diag:secret", Password); // a value is an argument: never recorded
            await Assert.ThrowsAsync<RedisServerException>(async () => await client.Execute("LPUSH", "diag:secret", Password));
            // Breaks the client's connection from outside, so it reconnects and authenticates again.
            await server.ExecRawAsync("CLIENT", "KILL", "TYPE", "normal");
            await WaitUntilAsync(() => capture.Logs.Count(l => l.Id.Id == RedisLogEvents.Connected) >= 2);
            await client.Get("diag:secret");
        }

        Assert.Contains(capture.Logs, l => l.Id.Id == RedisLogEvents.Dialling);
        Assert.Contains(capture.Logs, l => l.Id.Id == RedisLogEvents.Disconnected);
        Assert.True(capture.Logs.Count(l => l.Id.Id == RedisLogEvents.Connected) >= 2, "the client reconnected");
        var failed = Assert.Single(capture.Spans, s => s.DisplayName == "LPUSH");
        Assert.Equal("WRONGTYPE", failed.GetTagItem("error.type"));
        Assert.Contains(capture.Spans, s => s.DisplayName == "SET");
        Assert.Contains(capture.Measurements, m => m.Instrument == "rxredis.reconnects");
        var text = capture.AllText().ToList();
        Assert.NotEmpty(text);
        Assert.DoesNotContain(text, t => t.Contains(Password, StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    private static RedisOptions Options(RedisServerProcess server, string password, TelemetryCapture capture)
    {
        var options = new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, server.Port),
            Password = password,
            ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)),
        };
        options.AddDiagnostics(new RedisDiagnosticsOptions { Logger = capture, SlowCommandThreshold = TimeSpan.Zero });
        return options;
    }
}
