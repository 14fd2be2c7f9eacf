using System.CommandLine;
using RxRedis.Protocol;
using Spectre.Console;

namespace RxRedis.Cli.Monitor;

/// <summary><c>rxredis monitor</c>: prints every command the server runs, as MONITOR reports it, until Ctrl+C.</summary>
internal static class MonitorCommand
{
    public static Command Create(Option<string?> url, IAnsiConsole console)
    {
        var command = new Command(
            "monitor",
            "Print every command the server processes (MONITOR, on its own connection). It slows the server down; Ctrl+C stops.");
        command.SetAction((result, cancellationToken) =>
            RunAsync(console, ServerAddress.Resolve(result.GetValue(url)) ?? ServerAddress.LocalDefault, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string url, CancellationToken cancellationToken)
    {
        try
        {
            var options = RedisOptions.Parse(url);
            var connection = await MonitorConnection.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                if (options.Password is not null)
                {
                    string[] auth = options.User is null ? ["AUTH", options.Password] : ["AUTH", options.User, options.Password];
                    await ExpectOkAsync(connection, auth, cancellationToken).ConfigureAwait(false);
                }
                await ExpectOkAsync(connection, ["MONITOR"], cancellationToken).ConfigureAwait(false);
                console.MarkupLine($"[grey]Monitoring {Markup.Escape(options.EndPoint.ToString())}. Ctrl+C stops.[/]");
                while (true)
                {
                    var line = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                    // Plain text: the lines hold the commands' arguments, which may look like markup.
                    console.WriteLine(line.AsString() ?? "");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Stopped (Ctrl+C).[/]");
            return 130;
        }
        catch (Exception e) when (e is RedisException or ArgumentException or IOException or System.Net.Sockets.SocketException or RespProtocolException)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
    }

    private static async Task ExpectOkAsync(MonitorConnection connection, string[] command, CancellationToken cancellationToken)
    {
        await connection.SendAsync(command, cancellationToken).ConfigureAwait(false);
        var reply = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (reply.IsError)
        {
            throw new RedisServerException(reply.AsString() ?? "", command[0]);
        }
    }
}
