using System.CommandLine;
using System.Reactive.Linq;
using Spectre.Console;

namespace RxRedis.Cli.Scan;

/// <summary><c>rxredis scan [--match] [--type] [--count]</c>: prints keys as SCAN finds them, one per line.</summary>
internal static class ScanCommand
{
    public static Command Create(Option<string?> url, IAnsiConsole console)
    {
        var match = new Option<string?>("--match", "-m") { Description = "Only keys matching this glob-style pattern (SCAN MATCH)." };
        var type = new Option<string?>("--type", "-t") { Description = "Only keys of this type: string, list, set, zset, hash, stream (SCAN TYPE)." };
        var count = new Option<long?>("--count", "-c") { Description = "How much work each SCAN call does (SCAN COUNT hint; default the server's 10)." };
        var command = new Command("scan", "List keys as they are found (SCAN with a cursor, so the server is never blocked); Ctrl+C stops.")
        {
            match,
            type,
            count,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            console,
            ServerAddress.Resolve(result.GetValue(url)) ?? ServerAddress.LocalDefault,
            new ScanOptions { Match = result.GetValue(match), Type = result.GetValue(type), Count = result.GetValue(count) },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string url, ScanOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var client = await RedisClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                // Plain text, no markup: the output is meant for pipes (rxredis scan --match 'user:*' | wc -l).
                await client.Scan(options).ForEachAsync(key => console.WriteLine(key.ToString()), cancellationToken).ConfigureAwait(false);
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
}
