using System.CommandLine;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Spectre.Console;

namespace RxRedis.Cli.Subscribe;

/// <summary><c>rxredis subscribe CHANNEL... [--pattern]</c>: prints messages as they arrive until Ctrl+C.</summary>
internal static class SubscribeCommand
{
    public static Command Create(Option<string?> url, IAnsiConsole console)
    {
        var channels = new Argument<string[]>("channels")
        {
            Description = "The channels (or, with --pattern, glob-style patterns such as news.*).",
            Arity = ArgumentArity.OneOrMore,
        };
        var pattern = new Option<bool>("--pattern", "-p") { Description = "Treat the arguments as patterns (PSUBSCRIBE)." };
        var command = new Command("subscribe", "Subscribe to channels and print each message as it arrives; Ctrl+C stops.")
        {
            channels,
            pattern,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            console,
            ServerAddress.Resolve(result.GetValue(url)) ?? ServerAddress.LocalDefault,
            result.GetValue(channels) ?? [],
            result.GetValue(pattern),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string url, string[] names, bool pattern, CancellationToken cancellationToken)
    {
        try
        {
            var client = await RedisClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                var subscriptions = names.Select(name => pattern ? client.PatternSubscribe(name) : client.Subscribe(name)).ToArray();
                // Merge hands one message at a time to the console, which is not thread-safe.
                var printing = subscriptions.Merge().ForEachAsync(message => Print(console, message), cancellationToken);
                await Task.WhenAll(subscriptions.Select(s => s.Ready.FirstAsync().ToTask(cancellationToken))).ConfigureAwait(false);
                console.MarkupLine($"[grey]{(pattern ? "Pattern-subscribed" : "Subscribed")} to {Markup.Escape(string.Join(", ", names))}. Ctrl+C stops.[/]");
                await printing.ConfigureAwait(false);
                return 0;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Stopped (Ctrl+C).[/]");
            return 130;
        }
        catch (Exception e) when (e is RedisException or ArgumentException)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
    }

    private static void Print(IAnsiConsole console, RedisMessage message)
    {
        var source = message.Pattern is null ? message.Channel : $"{message.Channel} ({message.Pattern})";
        console.MarkupLine($"[blue]{Markup.Escape(source)}[/] {Markup.Escape(message.Payload.ToString() ?? "")}");
    }
}
