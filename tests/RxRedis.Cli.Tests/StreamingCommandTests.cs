using RxRedis.IntegrationTests.Infrastructure;
using Spectre.Console.Testing;

namespace RxRedis.Cli.Tests;

/// <summary>subscribe, scan and monitor against a real server; Ctrl+C is the cancellation token.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class StreamingCommandTests(RedisFixture fixture)
{
    private static async Task<int> StopAsync(Task<int> running, CancellationTokenSource ctrlC)
    {
        await ctrlC.CancelAsync();
        return await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Subscribe_prints_a_published_message_and_stops_on_Ctrl_C()
    {
        var live = new LiveConsole();
        using var ctrlC = new CancellationTokenSource();
        var running = RxRedisCli.RunAsync(["subscribe", "--url", fixture.Server.Endpoint, "cli:news", "cli:other"], live.Console, ctrlC.Token);
        await live.WaitForAsync("Subscribed to cli:news, cli:other");

        Assert.Equal("1", await fixture.Server.ExecRawAsync("PUBLISH", "cli:news", "hello [not markup]"));
        await live.WaitForAsync("cli:news hello [not markup]");

        Assert.Equal(130, await StopAsync(running, ctrlC));
        Assert.Contains("Stopped", live.Output, StringComparison.Ordinal);
        // The client is gone, so is its subscription (the server sees the connection close).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (await fixture.Server.ExecRawAsync("PUBSUB", "NUMSUB", "cli:news") != "cli:news\n0")
        {
            Assert.True(DateTime.UtcNow < deadline, "the subscription outlived the command");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Subscribe_with_pattern_shows_the_channel_and_the_pattern()
    {
        var live = new LiveConsole();
        using var ctrlC = new CancellationTokenSource();
        var running = RxRedisCli.RunAsync(["subscribe", "--url", fixture.Server.Endpoint, "--pattern", "cli:sport.*"], live.Console, ctrlC.Token);
        await live.WaitForAsync("Pattern-subscribed to cli:sport.*");

        await fixture.Server.ExecRawAsync("PUBLISH", "cli:sport.tennis", "ace");
        await live.WaitForAsync("cli:sport.tennis (cli:sport.*) ace");

        Assert.Equal(130, await StopAsync(running, ctrlC));
    }

    [Fact]
    public async Task Scan_finds_the_seeded_keys_that_match()
    {
        for (var i = 0; i < 25; i++)
        {
            await fixture.Server.ExecRawAsync("SET", $"cli:scan:{i}", "v");
        }
        await fixture.Server.ExecRawAsync("RPUSH", "cli:scan:list", "x");
        await fixture.Server.ExecRawAsync("SET", "cli:noscan", "v");

        var console = new TestConsole();
        var exitCode = await RxRedisCli.RunAsync(["scan", "--url", fixture.Server.Endpoint, "--match", "cli:scan:*", "--count", "7"], console);

        Assert.Equal(0, exitCode);
        var keys = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"cli:scan:{i}").Append("cli:scan:list").Order(StringComparer.Ordinal), keys);

        console = new TestConsole();
        Assert.Equal(0, await RxRedisCli.RunAsync(["scan", "--url", fixture.Server.Endpoint, "--match", "cli:scan:*", "--type", "list"], console));
        Assert.Equal("cli:scan:list\n", console.Output);
    }

    [Fact]
    public async Task Monitor_sees_a_command_from_another_client()
    {
        var live = new LiveConsole();
        using var ctrlC = new CancellationTokenSource();
        var running = RxRedisCli.RunAsync(["monitor", "--url", fixture.Server.Endpoint], live.Console, ctrlC.Token);
        await live.WaitForAsync("Monitoring");

        await fixture.Server.ExecRawAsync("SET", "cli:monitored", "by another client");
        await live.WaitForAsync("\"SET\" \"cli:monitored\" \"by another client\"");

        Assert.Equal(130, await StopAsync(running, ctrlC));
    }

    [Fact]
    public async Task Monitor_reports_a_refused_connection_in_words()
    {
        var console = new TestConsole();
        var exitCode = await RxRedisCli.RunAsync(["monitor", "--url", $"127.0.0.1:{FreePort.Next()}"], console);
        Assert.Equal(1, exitCode);
        Assert.Contains("refused", console.Output, StringComparison.OrdinalIgnoreCase);
    }
}
