using Spectre.Console.Testing;

namespace RxRedis.Cli.Tests;

// Issue 13, item 5: a malformed --url holding a password prints an error that names the problem, never the secret.
public sealed class ConnectionStringSecretTests
{
    private const string Canary = "CANARY7q";

    public static TheoryData<string, string, string> UrlsAndCommands()
    {
        (string Url, string Named)[] urls =
        [
            ($"127.0.0.1:6379,password=ab,{Canary}", "Several hosts"),
            ($"127.0.0.1:6379,password=ab,c:{Canary}", "port"),
            ($"127.0.0.1:6379,password=ab,{Canary}=x", "unknown option"),
            ($"127.0.0.1:6379,password=ab,protocol={Canary}", "protocol"),
            ($"redis://default:2024/{Canary}@host:6379", "database"),
            ($"redis://:{Canary}@host:0", "port"),
        ];
        string[] commands = ["exec", "scan", "subscribe", "monitor", "demo", "bench"];
        var data = new TheoryData<string, string, string>();
        foreach (var (url, named) in urls)
        {
            foreach (var command in commands)
            {
                data.Add(command, url, named);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(UrlsAndCommands))]
    public async Task A_malformed_url_is_reported_without_the_password(string command, string url, string named)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        string[] args = command switch
        {
            "exec" => ["exec", "--url", url, "PING"],
            "subscribe" => ["subscribe", "--url", url, "news"],
            _ => [command, "--url", url],
        };
        var exitCode = await RxRedisCli.RunAsync(args, console);
        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain(Canary, console.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(named, console.Output, StringComparison.OrdinalIgnoreCase);
    }
}
