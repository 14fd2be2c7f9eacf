using System.CommandLine;
using Spectre.Console;

namespace RxRedis.Cli.Demo;

/// <summary><c>rxredis demo</c>: a live tour of single commands, a bulk pipeline and retry with backoff.</summary>
internal static class DemoCommand
{
    public const int DefaultCount = 200_000;

    public static Command Create(Option<string?> url, IAnsiConsole console)
    {
        var count = new Option<int>("--count", "-n")
        {
            Description = "How many SETs the pipeline section sends.",
            DefaultValueFactory = _ => DefaultCount,
        };
        var command = new Command(
            "demo",
            "Connect (starting a throwaway redis-server when none answers on localhost:6379) and show RxRedis at work.")
        {
            count,
        };
        command.SetAction((result, cancellationToken) =>
            new DemoRunner(console).RunAsync(ServerAddress.Resolve(result.GetValue(url)), result.GetValue(count), cancellationToken));
        return command;
    }
}
