using System.Globalization;
using System.Reactive.Linq;
using RxRedis.AspNetCore.Locking;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Resilience;

namespace RxRedis.AspNetCore.Tests.Locking;

/// <summary>
/// Lease renewal and expiry on the client's scheduler, here a TestScheduler, against a real server.
/// Replies arrive in real time while the virtual clock stands still, so each test waits (bounded, real) for the
/// effect of a renewal before it moves the clock again.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class LockLeaseVirtualTimeTests(RedisFixture fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Renew = TimeSpan.FromSeconds(10);

    private readonly ProbedTestScheduler _scheduler = new();
    private readonly string _name = "lease-" + Guid.NewGuid().ToString("N");

    private string Key => "lock:{" + _name + "}";

    private RedisOptions VirtualOptions(int port) => new()
    {
        EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, port),
        Scheduler = _scheduler,
        HealthCheckInterval = Timeout.InfiniteTimeSpan,
        CommandTimeout = TimeSpan.FromSeconds(5),
        RetryPolicy = RetryPolicy.None,
    };

    private static RedisDistributedLock Lock(RedisClient client) =>
        new(client, new RedisLockOptions { LeaseTime = Lease, RenewInterval = Renew });

    private async Task<long> PttlAsync() =>
        long.Parse(await fixture.Server.ExecRawAsync("PTTL", Key), CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task The_lease_is_renewed_at_exactly_each_interval_and_lost_as_Taken_when_a_renewal_finds_another_owner()
    {
        await using var client = await RedisClient.ConnectAsync(VirtualOptions(fixture.Server.Port));
        var start = _scheduler.Now;
        await using var lease = await Lock(client).AcquireAsync(_name, TimeSpan.Zero);
        Assert.Equal(start + Lease, lease.ValidUntil);
        var losses = new List<(RedisLockLoss Reason, DateTimeOffset At)>();
        using var watch = lease.Lost.Subscribe(reason => { lock (losses) { losses.Add((reason, _scheduler.Now)); } });

        // Shorten the server's TTL so that a renewal is visible as it being restored to the full lease.
        await fixture.Server.ExecRawAsync("PEXPIRE", Key, "5000");
        _scheduler.AdvanceTo((start + Renew).Ticks - 1);
        await Task.Delay(100);
        Assert.InRange(await PttlAsync(), 1, 5000);
        Assert.Equal(start + Lease, lease.ValidUntil);

        _scheduler.AdvanceTo((start + Renew).Ticks);
        await WaitUntilAsync(() => lease.ValidUntil == start + Renew + Lease, "the renewal at 10 s was confirmed");
        Assert.InRange(await PttlAsync(), 25_000, 30_000);

        await fixture.Server.ExecRawAsync("SET", Key, "another owner");
        _scheduler.AdvanceTo((start + (2 * Renew)).Ticks);
        await WaitUntilAsync(() => !lease.IsHeld, "the renewal at 20 s found another owner");

        lock (losses)
        {
            Assert.Equal([(RedisLockLoss.Taken, start + (2 * Renew))], losses);
        }
        Assert.False(await lease.ReleaseAsync());
        Assert.Equal("another owner", await fixture.Server.ExecRawAsync("GET", Key));
    }

    [Fact]
    public async Task A_lease_whose_renewals_get_no_answer_is_lost_as_Expired_at_exactly_its_last_confirmation_plus_the_lease()
    {
        await using var proxy = FaultProxy.Start(fixture.Server.TcpEndPoint);
        await using var client = await RedisClient.ConnectAsync(VirtualOptions(proxy.Port));
        var start = _scheduler.Now;
        var lease = await Lock(client).AcquireAsync(_name, TimeSpan.Zero);
        var lostAt = DateTimeOffset.MinValue;
        var reasons = new List<RedisLockLoss>();
        using var watch = lease.Lost.Subscribe(reason => { reasons.Add(reason); lostAt = _scheduler.Now; });

        proxy.Pause();
        _scheduler.AdvanceTo((start + Lease).Ticks - 1);
        Assert.True(lease.IsHeld, "held until the lease runs out, though no renewal was answered");
        Assert.Empty(reasons);

        _scheduler.AdvanceTo((start + Lease).Ticks);
        Assert.False(lease.IsHeld);
        Assert.Equal([RedisLockLoss.Expired], reasons);
        Assert.Equal(start + Lease, lostAt);
        proxy.Resume();
    }

    [Fact]
    public async Task A_waiting_acquire_tries_every_retry_delay_and_times_out_at_the_deadline_naming_the_lock()
    {
        await using var client = await RedisClient.ConnectAsync(VirtualOptions(fixture.Server.Port));
        await fixture.Server.ExecRawAsync("SET", Key, "someone else", "EX", "60");
        var locks = new RedisDistributedLock(client, new RedisLockOptions { RetryDelay = TimeSpan.FromMilliseconds(100) });
        var start = _scheduler.Now;
        var failure = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var acquire = locks.Acquire(_name, TimeSpan.FromMilliseconds(250)).Subscribe(_ => { }, e => failure.TrySetResult(e));

        // Attempts at 0, 100, 200 and 250 ms: each answered attempt schedules the next, which the clock then reaches.
        foreach (var at in new[] { 100, 200, 250 })
        {
            await _scheduler.WaitForScheduledAsync(start + TimeSpan.FromMilliseconds(at));
            Assert.False(failure.Task.IsCompleted, $"no failure before {at} ms");
            _scheduler.AdvanceTo((start + TimeSpan.FromMilliseconds(at)).Ticks);
        }
        var error = Assert.IsType<TimeoutException>(await failure.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains($"'{_name}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(start + TimeSpan.FromMilliseconds(250), _scheduler.Now);
    }
}
