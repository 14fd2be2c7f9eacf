using System.Diagnostics;
using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Spectre.Console;

namespace RxRedis.Cli.Demo;

/// <summary>Runs the demo's sections against one server and reports each on the console.</summary>
internal sealed class DemoRunner(IAnsiConsole console)
{
    private const string KeyPrefix = "rxredis-demo:";

    // Enough SETs in flight to keep every write full without holding all of them in memory at once.
    private const int BatchSize = 10_000;

    private const int MaxAttempts = 5;

    private static readonly TimeSpan LocalProbeTimeout = TimeSpan.FromSeconds(1);

    // The bulk keys expire so a demo run against a real server leaves nothing behind for long.
    private static readonly SetOptions BulkSetOptions = new() { Expiry = TimeSpan.FromMinutes(5) };

    /// <summary>Runs every section; returns the exit code (0, 1 on error, 130 when cancelled).</summary>
    public async Task<int> RunAsync(string? url, int count, CancellationToken cancellationToken)
    {
        if (count < 1)
        {
            console.MarkupLine("[red]--count must be at least 1.[/]");
            return 1;
        }
        ThrowawayRedisServer? server = null;
        try
        {
            console.Write(new Rule("[bold]RxRedis demo[/]"));
            var (client, started) = await ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            server = started;
            if (client is null)
            {
                return 1;
            }
            await using (client.ConfigureAwait(false))
            {
                await SingleCommandsAsync(client, cancellationToken).ConfigureAwait(false);
                await PipelineAsync(client, count, cancellationToken).ConfigureAwait(false);
                await RetryAsync(client, cancellationToken).ConfigureAwait(false);
            }
            console.Write(new Rule("[green]Done[/]"));
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Stopped (Ctrl+C).[/]");
            return 130;
        }
        catch (Exception e) when (e is RedisException or ArgumentException or InvalidOperationException)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                console.MarkupLine($"[grey]Stopped the throwaway redis-server (pid {server.ProcessId}).[/]");
            }
        }
    }

    private async Task<(RedisClient? Client, ThrowawayRedisServer? Server)> ConnectAsync(string? url, CancellationToken cancellationToken)
    {
        if (url is not null)
        {
            var options = RedisConnectionString.Parse(url);
            console.MarkupLine($"Connecting to [blue]{Markup.Escape(options.ToString())}[/]");
            return (await RedisClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false), null);
        }
        try
        {
            var local = new RedisOptions { EndPoint = RedisEndPoint.Tcp("localhost"), ConnectTimeout = LocalProbeTimeout };
            var client = await RedisClient.ConnectAsync(local, cancellationToken).ConfigureAwait(false);
            console.MarkupLine($"Connected to the server on [blue]{ServerAddress.LocalDefault}[/]");
            return (client, null);
        }
        catch (RedisConnectionException)
        {
            // Nothing answers locally: fall through to a throwaway server.
        }
        if (ThrowawayRedisServer.FindExecutable() is not { } executable)
        {
            console.MarkupLine($"[red]No Redis server answers on {ServerAddress.LocalDefault}, and redis-server is not installed.[/]");
            console.MarkupLine(
                "Install it with [bold]apt-get install -y redis-server[/], or point the demo at a server with "
                + $"[bold]--url[/] or [bold]{ServerAddress.EnvironmentVariable}[/].");
            return (null, null);
        }
        var server = await ThrowawayRedisServer.StartAsync(executable, cancellationToken).ConfigureAwait(false);
        console.MarkupLine(
            $"No server answers on {ServerAddress.LocalDefault}: started a throwaway [blue]redis-server[/] "
            + $"(pid {server.ProcessId}) on [blue]127.0.0.1:{server.Port}[/]; it stops when the demo ends.");
        try
        {
            var options = new RedisOptions { EndPoint = RedisEndPoint.Tcp("127.0.0.1", server.Port) };
            return (await RedisClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false), server);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SingleCommandsAsync(RedisClient client, CancellationToken cancellationToken)
    {
        console.Write(new Rule("[yellow]1. Single commands[/]").LeftJustified());
        console.MarkupLine("[grey]Each command is a cold IObservable: nothing is sent until it is awaited or subscribed.[/]");
        var table = new Table().AddColumns("Command", "Reply", "Round trip");
        async Task Row<T>(string command, IObservable<T> reply, Func<T, string> show)
        {
            var watch = Stopwatch.StartNew();
            var value = await reply.ToTask(cancellationToken).ConfigureAwait(false);
            table.AddRow(Markup.Escape(command), $"[green]{Markup.Escape(show(value))}[/]", $"{watch.Elapsed.TotalMilliseconds:0.00} ms");
        }
        var greeting = KeyPrefix + "greeting";
        var counter = KeyPrefix + "counter";
        await Row($"SET {greeting} \"hello from RxRedis\"", client.Set(greeting, "hello from RxRedis"), ok => ok ? "OK" : "(nil)").ConfigureAwait(false);
        await Row($"GET {greeting}", client.Get(greeting), value => $"\"{value}\"").ConfigureAwait(false);
        await Row($"DEL {counter}", client.Execute("DEL", counter), reply => $"(integer) {reply.AsInt64()}").ConfigureAwait(false);
        for (var i = 0; i < 3; i++)
        {
            await Row($"INCR {counter}", client.Incr(counter), value => $"(integer) {value}").ConfigureAwait(false);
        }
        console.Write(table);
    }

    private async Task PipelineAsync(RedisClient client, int count, CancellationToken cancellationToken)
    {
        console.Write(new Rule($"[yellow]2. Pipelined bulk: {count:N0} SETs[/]").LeftJustified());
        console.MarkupLine("[grey]Many SETs subscribed at once share the connection; the writer batches them into few writes and round trips.[/]");
        long done = 0;
        var watch = Stopwatch.StartNew();
        var bulk = Task.Run(() => SetInBatchesAsync(client, count, () => Interlocked.Increment(ref done), cancellationToken), cancellationToken);
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"SET x {count:N0}", maxValue: count);
                while (!bulk.IsCompleted)
                {
                    task.Value = Interlocked.Read(ref done);
                    await Task.WhenAny(bulk, Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None)).ConfigureAwait(false);
                }
                task.Value = Interlocked.Read(ref done);
            }).ConfigureAwait(false);
        await bulk.ConfigureAwait(false);
        watch.Stop();
        console.MarkupLine(
            $"[green]{count:N0}[/] SETs in [green]{watch.Elapsed.TotalSeconds:0.00} s[/]: "
            + $"[bold green]{count / watch.Elapsed.TotalSeconds:N0} ops/s[/] (keys {KeyPrefix}bulk:*, expiring in 5 minutes)");
    }

    // Each batch is subscribed all at once, so it is pipelined; batches bound memory and let Ctrl+C stop between them.
    private static async Task SetInBatchesAsync(RedisClient client, int count, Action onReply, CancellationToken cancellationToken)
    {
        for (var start = 0; start < count; start += BatchSize)
        {
            await Observable.Range(start, Math.Min(BatchSize, count - start))
                .SelectMany(i => client.Set($"{KeyPrefix}bulk:{i}", i, BulkSetOptions))
                .Do(_ => onReply())
                .LastOrDefaultAsync()
                .ToTask(cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private async Task RetryAsync(RedisClient client, CancellationToken cancellationToken)
    {
        console.Write(new Rule("[yellow]3. Retry with backoff[/]").LeftJustified());
        console.MarkupLine(
            "[grey]INCR on a key holding text fails; Rx Catch + Timer retries it with doubling delays. "
            + "After attempt 3 the demo stores a number, so a later attempt succeeds.[/]");
        var key = KeyPrefix + "not-a-number";
        await client.Set(key, "forty-one").ToTask(cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var attempts = 0;

        // Hand-made with Catch and Timer for now; the RetryWithBackoff operator (Resilience) will replace it.
        IObservable<long> Attempt(int attempt) =>
            Observable.Defer(() =>
                {
                    attempts = attempt;
                    console.MarkupLine($"  attempt {attempt} at [blue]+{watch.Elapsed.TotalMilliseconds,5:0} ms[/]");
                    return client.Incr(key);
                })
                .Catch<long, RedisServerException>(e =>
                {
                    if (attempt == MaxAttempts)
                    {
                        return Observable.Throw<long>(e);
                    }
                    var delay = TimeSpan.FromMilliseconds(100 << (attempt - 1));
                    console.MarkupLine($"    [red]{Markup.Escape(e.ServerMessage)}[/], retrying in {delay.TotalMilliseconds:0} ms");
                    var repair = attempt == 3
                        ? client.Set(key, "41").Do(_ => console.MarkupLine("    [grey](the demo now stores 41 in the key)[/]")).Select(_ => Unit.Default)
                        : Observable.Return(Unit.Default);
                    return repair.SelectMany(_ => Observable.Timer(delay)).SelectMany(_ => Attempt(attempt + 1));
                });

        var value = await Attempt(1).ToTask(cancellationToken).ConfigureAwait(false);
        console.MarkupLine(
            $"  [green]succeeded[/] on attempt {attempts} at +{watch.Elapsed.TotalMilliseconds:0} ms: (integer) {value}");
    }
}
