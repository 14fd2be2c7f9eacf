using RxRedis.Cli;
using Spectre.Console;

// Piped or redirected, a reply stays on one line whatever its length.
var console = Console.IsOutputRedirected ? new UnwrappedConsole(AnsiConsole.Console) : AnsiConsole.Console;
return await RxRedisCli.RunAsync(args, console).ConfigureAwait(false);
