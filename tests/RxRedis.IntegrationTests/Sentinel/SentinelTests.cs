using System.Diagnostics;
using System.Globalization;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Diagnostics;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Sentinel;

/// <summary>Against real sentinels: a primary, a replica and three sentinels (see <see cref="RedisSentinelFixture"/>).</summary>
[Collection(RedisSentinelCollectionDefinition.Name)]
public sealed class SentinelTests(RedisSentinelFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Connects_to_the_primary_by_service_name_and_every_connection_dials_through_the_sentinels(RedisProtocol protocol)
    {
        var primary = await fixture.WaitUntilStableAsync();
        var options = fixture.Options();
        options.Protocol = protocol;
        await using var client = await RedisClient.ConnectAsync(options);
        var key = $"sentinel:connect:{protocol}:{Guid.NewGuid():N}";

        await client.Set(key, "hello");
        Assert.Equal("hello", (string?)await client.Get(key));
        Assert.Equal("master", (await client.Role())[0].AsString());
        var state = await client.ConnectionState.FirstAsync();
        Assert.Equal(RedisEndPoint.Tcp(RedisServerProcess.Host, primary.Port), state.EndPoint);
        // A blocking command leases a dedicated connection; under RESP2, pub/sub opens a subscriber connection.
        await client.RPush(key + ":list", ["job"]);
        Assert.Equal("job", (string?)(await client.BLPop([key + ":list"], TimeSpan.FromSeconds(5)))?.Value);
        var channel = client.Subscribe(key + ":channel");
        var received = channel.FirstAsync().ToTask();
        await channel.Ready.FirstAsync().Timeout(TimeSpan.FromSeconds(10));
        await client.Publish(key + ":channel", "news");
        Assert.Equal("news", (string?)(await received.WaitAsync(TimeSpan.FromSeconds(10))).Payload);
        Assert.Contains("redis-sentinel://", client.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_service_name_fails_with_an_error_that_names_it_and_every_sentinel_asked()
    {
        await fixture.WaitUntilStableAsync();
        var options = fixture.Options();
        options.Sentinel!.ServiceName = "no-such-service";

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));

        output.WriteLine(error.Message);
        Assert.Equal(CommandOutcome.NotSent, error.Outcome);
        Assert.Contains("does not monitor a service named 'no-such-service'", error.Message, StringComparison.Ordinal);
        foreach (var sentinel in fixture.Sentinels)
        {
            Assert.Contains($"{RedisServerProcess.Host}:{sentinel.Port}", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task With_every_sentinel_down_the_error_names_each_sentinel_tried()
    {
        var down = Enumerable.Range(0, 3).Select(_ => RedisEndPoint.Tcp(RedisServerProcess.Host, FreePort.Next())).ToList();
        var options = new RedisOptions { Sentinel = new SentinelOptions { ServiceName = RedisSentinelFixture.ServiceName } };
        foreach (var endPoint in down)
        {
            options.Sentinel.EndPoints.Add(endPoint);
        }

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));

        output.WriteLine(error.Message);
        Assert.Contains($"No sentinel named the primary of '{RedisSentinelFixture.ServiceName}'", error.Message, StringComparison.Ordinal);
        foreach (var endPoint in down)
        {
            Assert.Contains(endPoint.ToString(), error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reads_from_a_replica_when_asked_and_the_replica_refuses_writes()
    {
        var primary = await fixture.WaitUntilStableAsync();
        var replica = fixture.Nodes.Single(n => n != primary);
        var key = $"sentinel:replica:{Guid.NewGuid():N}";
        await using var writer = await RedisClient.ConnectAsync(fixture.Options());
        await writer.Set(key, "replicated");
        Assert.Equal(1, await writer.Wait(1, TimeSpan.FromSeconds(10)));

        await using var reader = await RedisClient.ConnectAsync(fixture.Options(SentinelReadFrom.Replica));

        Assert.Equal("slave", (await reader.Role())[0].AsString());
        Assert.Equal(replica.Port, (await reader.ConnectionState.FirstAsync()).EndPoint.Port);
        Assert.Equal("replicated", (string?)await reader.Get(key));
        var refused = await Assert.ThrowsAsync<RedisServerException>(async () => await reader.Set(key, "nope"));
        Assert.Equal("READONLY", refused.Prefix);
    }

    [Fact]
    public async Task Follows_SENTINEL_FAILOVER_under_load_to_the_new_primary_and_reports_the_unavailability_window()
    {
        var oldPrimary = await fixture.WaitUntilStableAsync();
        var newPrimary = fixture.Nodes.Single(n => n != oldPrimary);
        var newEndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, newPrimary.Port);
        var clock = Stopwatch.StartNew();
        var log = new TimedLog(clock);
        var options = fixture.Options();
        options.AddDiagnostics(new RedisDiagnosticsOptions { Logger = log, Metrics = false, Tracing = false });
        await using var client = await RedisClient.ConnectAsync(options);
        TimeSpan? connectedToNew = null;
        using var watching = client.ConnectionState
            .Where(s => s.Status == ConnectionStatus.Connected && s.EndPoint == newEndPoint)
            .Subscribe(_ => connectedToNew ??= clock.Elapsed);
        var load = new CommandLoad(clock, $"sentinel:failover:{Guid.NewGuid():N}:");
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(client, workers: 4, stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(1));
        var failoverAt = clock.Elapsed;
        Assert.Equal("OK", await fixture.Sentinels[0].ExecRawAsync("SENTINEL", "FAILOVER", RedisSentinelFixture.ServiceName));
        TimeSpan? recoveredAt = null;
        while (clock.Elapsed - failoverAt < RecoveryBound && recoveredAt is null)
        {
            await Task.Delay(50);
            recoveredAt = connectedToNew is { } since ? load.FirstSuccessStartedAfter(since) : null;
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // a second more of load on the new primary
        await stop.CancelAsync();
        await running;

        Report(load.Samples, log, failoverAt, recoveredAt);
        Assert.True(recoveredAt is not null, $"The client did not succeed on the new primary {newEndPoint} within {RecoveryBound.TotalSeconds} s of SENTINEL FAILOVER.");
        Assert.Equal("master", (await client.Role())[0].AsString());
        Assert.Equal(newEndPoint, (await client.ConnectionState.FirstAsync()).EndPoint);
        var after = $"sentinel:failover:after:{Guid.NewGuid():N}";
        await client.Set(after, "written");
        Assert.Equal("written", await newPrimary.ExecRawAsync("GET", after));
        await ReportLostWritesAsync(client, load.Samples, failoverAt);
        await fixture.WaitUntilStableAsync();
    }

    private void Report(IReadOnlyList<CommandLoad.Sample> samples, TimedLog log, TimeSpan failoverAt, TimeSpan? recoveredAt)
    {
        string At(TimeSpan t) => $"{(t - failoverAt).TotalMilliseconds:+0;-0} ms";
        var successes = samples.Where(s => s.Error is null).Select(s => s.End).ToList();
        var errors = samples.Where(s => s.Error is not null).ToList();
        // The longest stretch, from the FAILOVER command on, in which no command succeeded: what an application sees.
        var (gapFrom, gapTo) = successes.Zip(successes.Skip(1))
            .Where(p => p.Second >= failoverAt)
            .MaxBy(p => p.Second - p.First);
        output.WriteLine($"Load: {samples.Count} commands (4 workers, awaited SET then GET), {errors.Count} failed.");
        output.WriteLine("Timeline relative to SENTINEL FAILOVER:");
        foreach (var entry in log.Entries.Where(e => e.Id.Id is RedisLogEvents.SentinelSwitchMaster or RedisLogEvents.SentinelPrimaryChanged
            or RedisLogEvents.Connected or RedisLogEvents.Disconnected or RedisLogEvents.Retrying || (e.Id.Id == RedisLogEvents.SentinelResolved && e.At > failoverAt)))
        {
            output.WriteLine($"  {At(entry.At),9}  {entry.Message}");
        }
        if (errors.Count > 0)
        {
            output.WriteLine($"  {At(errors.Min(e => e.End)),9}  first failed command; last failed at {At(errors.Max(e => e.End))}");
        }
        output.WriteLine($"  {(recoveredAt is { } r ? At(r) : "never"),9}  first success of a command sent after reconnecting to the new primary");
        output.WriteLine($"Longest time with no command succeeding, from the FAILOVER command on: {(gapTo - gapFrom).TotalMilliseconds:0} ms, from {At(gapFrom)} to {At(gapTo)}.");
        // Following the switch: from the last success before the client closed its sockets to the old primary to the
        // first success of a command sent on the new one (conservative: queued commands may have succeeded earlier).
        if (log.Entries.FirstOrDefault(e => e.Id.Id == RedisLogEvents.SentinelPrimaryChanged && e.At > failoverAt) is { } closed
            && successes.Any(t => t <= closed.At) && recoveredAt is { } firstNew)
        {
            var lastOld = successes.Last(t => t <= closed.At);
            output.WriteLine($"Unavailability window while following the switch: {(firstNew - lastOld).TotalMilliseconds:0} ms, "
                + $"from the last success on the old primary at {At(lastOld)} to the first on the new one at {At(firstNew)}.");
        }
        output.WriteLine($"Commands retried after a failed attempt: {log.Entries.Count(e => e.Id.Id == RedisLogEvents.Retrying)}.");
        output.WriteLine("Errors by kind:" + (errors.Count == 0 ? " none" : ""));
        foreach (var kind in errors.GroupBy(e => $"{(e.IsWrite ? "SET" : "GET")}: {e.Error}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {kind.Count(),6}  {kind.Key}");
        }
    }

    // Replication is asynchronous: what the old primary acknowledged after the replica was promoted and before the
    // client moved over never reaches the new primary. Reported, not asserted: Redis itself loses these.
    private async Task ReportLostWritesAsync(RedisClient client, IReadOnlyList<CommandLoad.Sample> samples, TimeSpan failoverAt)
    {
        var acknowledged = samples.Where(s => s.IsWrite && s.Error is null).ToList();
        var found = await client.BulkGet(acknowledged.Select(s => (RedisKey)s.Key)).ToList();
        var lost = acknowledged.Where((_, i) => found[i].Value.IsNull).ToList();
        var when = lost.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $", acknowledged between +{(lost.Min(s => s.End) - failoverAt).TotalMilliseconds:0} and +{(lost.Max(s => s.End) - failoverAt).TotalMilliseconds:0} ms");
        output.WriteLine($"Acknowledged writes: {acknowledged.Count}; missing on the new primary: {lost.Count}{when}.");
    }
}
