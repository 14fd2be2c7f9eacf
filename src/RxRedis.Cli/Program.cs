using RxRedis.Cli;
using Spectre.Console;

return await RxRedisCli.RunAsync(args, AnsiConsole.Console).ConfigureAwait(false);
