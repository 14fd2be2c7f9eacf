using System.Diagnostics;
using RxRedis.LocalServer;
using RxRedis.Cli.Demo;
using RxRedis.IntegrationTests.Infrastructure;
using Spectre.Console.Testing;

namespace RxRedis.Cli.Tests;

[Collection(RedisCollectionDefinition.Name)]
public sealed class CliTests(RedisFixture fixture)
{
    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        var exitCode = await RxRedisCli.RunAsync(args, console);
        return (exitCode, console.Output);
    }

    [Fact]
    public async Task Demo_runs_every_section_against_a_server()
    {
        var (exitCode, output) = await RunAsync("demo", "--url", fixture.Server.Endpoint, "--count", "2000");
        Assert.True(exitCode == 0, output);
        Assert.Contains($"Connecting to redis://{fixture.Server.Endpoint}", output, StringComparison.Ordinal);
        Assert.Contains("1. Single commands", output, StringComparison.Ordinal);
        Assert.Contains("\"hello from RxRedis\"", output, StringComparison.Ordinal);
        Assert.Contains("(integer) 3", output, StringComparison.Ordinal);
        Assert.Contains("2. Pipelined bulk: 2,000 SETs", output, StringComparison.Ordinal);
        Assert.Contains("ops/s", output, StringComparison.Ordinal);
        Assert.Contains("3. Retry with backoff", output, StringComparison.Ordinal);
        Assert.Contains("retrying in 400 ms", output, StringComparison.Ordinal);
        Assert.Contains("succeeded on attempt 4", output, StringComparison.Ordinal);
        Assert.Contains("4. Pub/sub round trip", output, StringComparison.Ordinal);
        Assert.Contains("reached 1 subscriber(s); received \"hello, subscribers\"", output, StringComparison.Ordinal);
        Assert.Contains("Done", output, StringComparison.Ordinal);
        Assert.Equal("2000", await fixture.Server.ExecRawAsync(["EXISTS", .. Enumerable.Range(0, 2000).Select(i => $"rxredis-demo:bulk:{i}")]));
    }

    [Fact]
    public async Task Demo_stops_cleanly_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var console = new TestConsole();
        var exitCode = await RxRedisCli.RunAsync(["demo", "--url", fixture.Server.Endpoint], console, cancelled.Token);
        Assert.Equal(130, exitCode);
        Assert.Contains("Stopped", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_reports_an_unreachable_url_in_words()
    {
        var (exitCode, output) = await RunAsync("demo", "--url", $"127.0.0.1:{FreePort.Next()},connectTimeout=1000");
        Assert.Equal(1, exitCode);
        Assert.Contains("Could not connect", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_prints_replies_like_redis_cli()
    {
        Assert.Equal((0, "OK\n"), await RunAsync("exec", "--url", fixture.Server.Endpoint, "SET", "cli:k", "v\"1"));
        Assert.Equal((0, "\"v\\\"1\"\n"), await RunAsync("exec", "--url", fixture.Server.Endpoint, "GET", "cli:k"));
        Assert.Equal((0, "(integer) -5\n"), await RunAsync("exec", "--url", fixture.Server.Endpoint, "--", "INCRBY", "cli:n", "-5"));
        Assert.Equal((0, "(nil)\n"), await RunAsync("exec", "--url", fixture.Server.Endpoint, "GET", "cli:missing"));
        await RunAsync("exec", "--url", fixture.Server.Endpoint, "RPUSH", "cli:list", "a", "b");
        Assert.Equal((0, "1) \"a\"\n2) \"b\"\n"), await RunAsync("exec", "--url", fixture.Server.Endpoint, "LRANGE", "cli:list", "0", "-1"));
    }

    [Fact]
    public async Task Exec_reports_errors_with_exit_code_1()
    {
        await RunAsync("exec", "--url", fixture.Server.Endpoint, "SADD", "cli:set", "a");
        var (exitCode, output) = await RunAsync("exec", "--url", fixture.Server.Endpoint, "INCR", "cli:set");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("(error) WRONGTYPE", output, StringComparison.Ordinal);

        (exitCode, output) = await RunAsync("exec", "--url", fixture.Server.Endpoint, "SUBSCRIBE", "x");
        Assert.Equal(1, exitCode);
        Assert.Contains("rxredis subscribe", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throwaway_server_starts_answers_and_is_gone_after_dispose()
    {
        var executable = ThrowawayRedisServer.FindExecutable();
        Assert.NotNull(executable);
        var server = await ThrowawayRedisServer.StartAsync(executable, CancellationToken.None);
        await using (var client = await RedisClient.ConnectAsync($"127.0.0.1:{server.Port}"))
        {
            Assert.Equal("PONG", (await System.Reactive.Threading.Tasks.TaskObservableExtensions.ToTask(client.Execute("PING"))).AsString());
        }
        await server.DisposeAsync();
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(server.ProcessId));
    }

    [Fact]
    public async Task The_embedded_Garnet_runs_every_demo_section_and_stops_listening_after_dispose()
    {
        var server = EmbeddedGarnetServer.Start();
        try
        {
            // The pub/sub section is the one that hung on Garnet before in-band confirmations were handled (issue 16).
            var (exitCode, output) = await RunAsync("demo", "--url", $"127.0.0.1:{server.Port}", "--count", "2000");
            Assert.True(exitCode == 0, output);
            Assert.Contains("\"hello from RxRedis\"", output, StringComparison.Ordinal);
            Assert.Contains("succeeded on attempt 4", output, StringComparison.Ordinal);
            Assert.Contains("received \"hello, subscribers\"", output, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(
            async () => await probe.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.Port)));
    }
}
