using System.Diagnostics;
using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.LocalServer;
using RxRedis.Resilience;
using Spectre.Console;

namespace RxRedis.Cli.Demo;

/// <summary>Runs the demo's sections against one server and reports each on the console.</summary>
internal sealed class DemoRunner(IAnsiConsole console)
{
    private const string KeyPrefix = "rxredis-demo:";

    private const int MaxRetries = 4;

    /// <summary>Runs every section; returns the exit code (0, 1 on error, 130 when cancelled).</summary>
    public async Task<int> RunAsync(string? url, int count, CancellationToken cancellationToken)
    {
        if (count < 1)
        {
            console.MarkupLine("[red]--count must be at least 1.[/]");
            return 1;
        }
        LocalRedis? server = null;
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
                await PubSubAsync(client, cancellationToken).ConfigureAwait(false);
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
            if (server is { StartedHere: true })
            {
                await server.DisposeAsync().ConfigureAwait(false);
                console.MarkupLine($"[grey]Stopped the throwaway {Markup.Escape(server.Description)}.[/]");
            }
        }
    }

    private async Task<(RedisClient? Client, LocalRedis? Server)> ConnectAsync(string? url, CancellationToken cancellationToken)
    {
        if (url is not null)
        {
            var options = RedisConnectionString.Parse(url);
            console.MarkupLine($"Connecting to [blue]{Markup.Escape(options.ToString())}[/]");
            return (await RedisClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false), null);
        }
        var local = await LocalRedis.FindOrStartAsync(cancellationToken).ConfigureAwait(false);
        if (local.StartedHere)
        {
            console.MarkupLine(
                $"No server answers on {ServerAddress.LocalDefault}: started a throwaway [blue]{Markup.Escape(local.Description)}[/] "
                + $"on [blue]{local.EndPoint}[/]; it stops when the demo ends.");
        }
        try
        {
            var options = new RedisOptions { EndPoint = local.EndPoint };
            var client = await RedisClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            if (!local.StartedHere)
            {
                console.MarkupLine($"Connected to the server on [blue]{ServerAddress.LocalDefault}[/]");
            }
            return (client, local);
        }
        catch
        {
            await local.DisposeAsync().ConfigureAwait(false);
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
        console.MarkupLine("[grey]BulkSet streams the SETs with a bounded number in flight; the writer packs them into few writes and round trips.[/]");
        long done = 0;
        var watch = Stopwatch.StartNew();
        var pairs = Enumerable.Range(0, count).Select(i => new KeyValuePair<RedisKey, RedisValue>($"{KeyPrefix}bulk:{i}", i));
        var bulk = client.BulkSet(pairs)
            .Do(_ => Interlocked.Increment(ref done))
            .LastOrDefaultAsync()
            .ToTask(cancellationToken);
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
        // The bulk keys expire so a demo run against a real server leaves nothing behind for long.
        await client.Bulk(Enumerable.Range(0, count), i => client.Expire($"{KeyPrefix}bulk:{i}", TimeSpan.FromMinutes(5)), new BulkOptions { Results = BulkResults.ErrorsOnly })
            .LastOrDefaultAsync()
            .ToTask(cancellationToken)
            .ConfigureAwait(false);
        console.MarkupLine(
            $"[green]{count:N0}[/] SETs in [green]{watch.Elapsed.TotalSeconds:0.00} s[/]: "
            + $"[bold green]{count / watch.Elapsed.TotalSeconds:N0} ops/s[/] (keys {KeyPrefix}bulk:*, expiring in 5 minutes)");
    }

    private async Task RetryAsync(RedisClient client, CancellationToken cancellationToken)
    {
        console.Write(new Rule("[yellow]3. Retry with backoff[/]").LeftJustified());
        console.MarkupLine(
            "[grey]INCR on a key holding text fails; RetryWithBackoff resubscribes (so resends) with doubling waits on a "
            + "scheduler. After attempt 3 the demo stores a number, so a later attempt succeeds.[/]");
        var key = KeyPrefix + "not-a-number";
        await client.Set(key, "forty-one").ToTask(cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var attempts = 0;
        // ERR is not retried by default (it would fail again); this policy opts in for the demonstration.
        var policy = new RetryPolicy
        {
            MaxRetries = MaxRetries,
            Backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), Jitter: 0),
            RetryIf = e => e is RedisServerException { Prefix: "ERR" },
        };
        var attempt = Observable.Defer(() =>
        {
            var n = ++attempts;
            console.MarkupLine($"  attempt {n} at [blue]+{watch.Elapsed.TotalMilliseconds,5:0} ms[/]");
            var repair = n == 4
                ? client.Set(key, "41").Do(_ => console.MarkupLine("    [grey](the demo stored 41 in the key)[/]")).Select(_ => Unit.Default)
                : Observable.Return(Unit.Default);
            return repair.SelectMany(_ => client.Incr(key))
                .Do(_ => { }, e => console.MarkupLine($"    [red]{Markup.Escape(e.Message)}[/], retrying in {policy.Delay(n).TotalMilliseconds:0} ms"));
        });

        var value = await attempt.RetryWithBackoff(policy, System.Reactive.Concurrency.DefaultScheduler.Instance)
            .ToTask(cancellationToken).ConfigureAwait(false);
        console.MarkupLine(
            $"  [green]succeeded[/] on attempt {attempts} at +{watch.Elapsed.TotalMilliseconds:0} ms: (integer) {value}");
    }

    private async Task PubSubAsync(RedisClient client, CancellationToken cancellationToken)
    {
        console.Write(new Rule("[yellow]4. Pub/sub round trip[/]").LeftJustified());
        console.MarkupLine("[grey]Subscribe returns a hot observable; Ready fires once the server confirmed SUBSCRIBE.[/]");
        var channel = KeyPrefix + "news";
        var subscription = client.Subscribe(channel);
        var received = subscription.FirstAsync().ToTask(cancellationToken);
        await subscription.Ready.FirstAsync().ToTask(cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var receivers = await client.Publish(channel, "hello, subscribers").ToTask(cancellationToken).ConfigureAwait(false);
        var message = await received.ConfigureAwait(false);
        console.MarkupLine(
            $"  PUBLISH {channel} reached [green]{receivers}[/] subscriber(s); received "
            + $"[green]\"{Markup.Escape(message.Payload.ToString())}\"[/] on {Markup.Escape(message.Channel)} after {watch.Elapsed.TotalMilliseconds:0.00} ms");
    }
}
