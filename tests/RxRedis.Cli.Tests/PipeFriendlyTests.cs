using System.Diagnostics;
using RxRedis.IntegrationTests.Infrastructure;
using Spectre.Console.Testing;

namespace RxRedis.Cli.Tests;

/// <summary>Issue 14: output meant for pipes is not wrapped, and refused commands get hints a CLI user can follow.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class PipeFriendlyTests(RedisFixture fixture)
{
    private static readonly string LongValue = string.Concat(Enumerable.Range(0, 30).Select(i => $"word{i:00}-xx "));

    [Fact]
    public async Task Through_the_unwrapped_console_a_long_reply_is_one_line_at_80_columns()
    {
        await fixture.Server.ExecRawAsync("SET", "pipe:long", LongValue);
        var console = new TestConsole();
        console.Profile.Width = 80;
        Assert.Equal(0, await RxRedisCli.RunAsync(["exec", "--url", fixture.Server.Endpoint, "GET", "pipe:long"], new UnwrappedConsole(console)));
        Assert.Equal($"\"{LongValue}\"\n", console.Output);
    }

    [Fact]
    public async Task The_real_program_with_stdout_piped_prints_a_long_reply_on_one_line()
    {
        await fixture.Server.ExecRawAsync("SET", "pipe:long", LongValue);
        var program = Path.ChangeExtension(typeof(RxRedisCli).Assembly.Location, ".dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[program, "exec", "--url", fixture.Server.Endpoint, "GET", "pipe:long"])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {output}{await process.StandardError.ReadToEndAsync()}");
        Assert.Equal($"\"{LongValue}\"", output.TrimEnd('\n'));
        Assert.True(LongValue.Length > 200);
    }

    [Theory]
    [InlineData("SELECT", "--url redis://host:6379/2")]
    [InlineData("select", "--url redis://host:6379/2")]
    [InlineData("SUBSCRIBE", "rxredis subscribe <channel>")]
    [InlineData("PSUBSCRIBE", "rxredis subscribe --pattern")]
    [InlineData("MONITOR", "rxredis monitor")]
    [InlineData("AUTH", "--url redis://user:password@host")]
    [InlineData("BLPOP", "LPOP")]
    [InlineData("READONLY", "exec cannot run READONLY: it changes or blocks the connection")]
    public async Task A_refused_command_gets_a_hint_for_the_command_line(string command, string hint)
    {
        var console = new TestConsole();
        console.Profile.Width = 300;
        Assert.Equal(1, await RxRedisCli.RunAsync(["exec", "--url", fixture.Server.Endpoint, command, "x"], console));
        Assert.Contains(hint, console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("typed API", console.Output, StringComparison.Ordinal);
    }
}
