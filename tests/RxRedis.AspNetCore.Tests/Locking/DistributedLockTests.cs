using Microsoft.Extensions.DependencyInjection;
using RxRedis.AspNetCore.Locking;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.AspNetCore.Tests.Locking;

/// <summary>Ownership and fencing tokens against a real server, in real time.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class DistributedLockTests(RedisFixture fixture)
{
    private readonly string _name = "lock-" + Guid.NewGuid().ToString("N");

    private string Key => "lock:{" + _name + "}";

    [Fact]
    public async Task Only_one_owner_holds_a_lock_and_each_acquisition_gets_a_higher_fencing_token()
    {
        await using var client = await RedisClient.ConnectAsync(fixture.Server.Endpoint);
        var locks = new RedisDistributedLock(client);

        var first = await locks.AcquireAsync(_name, TimeSpan.Zero);
        Assert.Null(await locks.TryAcquireAsync(_name));
        Assert.True(await first.ReleaseAsync());
        Assert.False(first.IsHeld);

        await using var second = Assert.IsType<RedisLockLease>(await locks.TryAcquireAsync(_name));
        Assert.Equal(first.FencingToken + 1, second.FencingToken);
        Assert.Equal("1", await fixture.Server.ExecRawAsync("EXISTS", Key));
    }

    [Fact]
    public async Task A_holder_whose_key_expired_cannot_release_the_next_owners_lock()
    {
        await using var client = await RedisClient.ConnectAsync(fixture.Server.Endpoint);
        var locks = new RedisDistributedLock(client);
        var stale = await locks.AcquireAsync(_name, TimeSpan.Zero);
        // As if the holder paused past its lease: the server dropped the key and someone else took the lock.
        await fixture.Server.ExecRawAsync("DEL", Key);
        await using var current = await locks.AcquireAsync(_name, TimeSpan.Zero);

        Assert.False(await stale.ReleaseAsync());
        Assert.True(stale.FencingToken < current.FencingToken);
        Assert.True(current.IsHeld);
        Assert.Equal("1", await fixture.Server.ExecRawAsync("EXISTS", Key));
    }

    [Fact]
    public async Task A_waiting_acquire_gets_the_lock_once_its_holder_releases_it()
    {
        await using var client = await RedisClient.ConnectAsync(fixture.Server.Endpoint);
        var locks = new RedisDistributedLock(client, new RedisLockOptions { RetryDelay = TimeSpan.FromMilliseconds(20) });
        var holder = await locks.AcquireAsync(_name, TimeSpan.Zero);
        var waiting = locks.AcquireAsync(_name, TimeSpan.FromSeconds(30));
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        Assert.True(await holder.ReleaseAsync());
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(holder.FencingToken + 1, next.FencingToken);
    }

    [Fact]
    public async Task A_waiter_is_woken_by_the_release_instead_of_sleeping_out_its_retry_delay()
    {
        await using var client = await RedisClient.ConnectAsync(fixture.Server.Endpoint);
        var locks = new RedisDistributedLock(client, new RedisLockOptions { RetryDelay = TimeSpan.FromHours(1) });
        var holder = await locks.AcquireAsync(_name, TimeSpan.Zero);
        var waiting = locks.AcquireAsync(_name, TimeSpan.FromHours(2));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await fixture.Server.ExecRawAsync("PUBSUB", "NUMSUB", Key + ":released") != Key + ":released\n1")
        {
            Assert.True(DateTime.UtcNow < deadline, "the waiter did not subscribe to the release channel within 10 s");
            await Task.Delay(10);
        }

        Assert.True(await holder.ReleaseAsync());
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(holder.FencingToken + 1, next.FencingToken);
    }

    [Fact]
    public async Task The_registered_lock_uses_the_registered_client_and_options()
    {
        await using var services = new ServiceCollection()
            .AddRxRedis(o => o.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port))
            .AddRxRedisDistributedLock(o => o.KeyPrefix = "service-lock:")
            .BuildServiceProvider();
        await using var lease = await services.GetRequiredService<RedisDistributedLock>().AcquireAsync(_name, TimeSpan.Zero);
        Assert.Equal("1", await fixture.Server.ExecRawAsync("EXISTS", "service-lock:{" + _name + "}"));
    }

    [Fact]
    public async Task Out_of_range_options_and_empty_names_are_refused_by_name()
    {
        await using var client = await RedisClient.ConnectAsync(fixture.Server.Endpoint);
        Assert.Equal("RenewInterval", Assert.Throws<ArgumentOutOfRangeException>(
            () => new RedisDistributedLock(client, new RedisLockOptions { LeaseTime = TimeSpan.FromSeconds(1), RenewInterval = TimeSpan.FromSeconds(1) })).ParamName);
        Assert.Equal("LeaseTime", Assert.Throws<ArgumentOutOfRangeException>(
            () => new RedisDistributedLock(client, new RedisLockOptions { LeaseTime = TimeSpan.Zero })).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new RedisDistributedLock(client).Acquire("", TimeSpan.Zero)).ParamName);
    }
}
