using System.CommandLine;
using System.Reactive.Threading.Tasks;
using Spectre.Console;

namespace RxRedis.Cli.Exec;

/// <summary><c>rxredis exec COMMAND [ARGS...]</c>: runs one command and prints its raw reply.</summary>
internal static class ExecCommand
{
    public static Command Create(Option<string?> url, IAnsiConsole console)
    {
        var name = new Argument<string>("command") { Description = "The command, e.g. GET or CLIENT." };
        var args = new Argument<string[]>("args")
        {
            Description = "Its arguments. Put -- before the command when an argument starts with '-'.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("exec", "Run one Redis command and print its reply (errors in red).") { name, args };
        command.SetAction((result, cancellationToken) => RunAsync(
            console,
            ServerAddress.Resolve(result.GetValue(url)) ?? ServerAddress.LocalDefault,
            result.GetValue(name)!,
            result.GetValue(args) ?? [],
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string url, string name, string[] args, CancellationToken cancellationToken)
    {
        if (RefusedCommandHints.For(name) is { } hint)
        {
            console.MarkupLine($"[red]{Markup.Escape(hint)}[/]");
            return 1;
        }
        try
        {
            var client = await RedisClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                var values = args.Select(a => (RedisValue)a).ToArray();
                var reply = await client.Execute(name, values).ToTask(cancellationToken).ConfigureAwait(false);
                console.MarkupLine(ReplyFormatter.ToMarkup(reply));
                return reply.Type is Protocol.RespType.SimpleError or Protocol.RespType.BulkError ? 1 : 0;
            }
        }
        catch (RedisServerException e)
        {
            console.MarkupLine($"[red](error) {Markup.Escape(e.ServerMessage)}[/]");
            return 1;
        }
        catch (ArgumentException e) when (e.ParamName == "command")
        {
            // A refused command without its own hint: the library's advice (its typed API) means nothing here.
            console.MarkupLine($"[red]exec cannot run {Markup.Escape(name.ToUpperInvariant())}: it changes or blocks the connection, and exec runs one command on a shared connection.[/]");
            return 1;
        }
        catch (ArgumentException e)
        {
            // The parameter name suffix means nothing on a command line.
            console.MarkupLine($"[red]{Markup.Escape(e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal))}[/]");
            return 1;
        }
        catch (RedisException e)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]Cancelled.[/]");
            return 130;
        }
    }
}
