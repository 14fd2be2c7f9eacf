using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.SignalR.Tests;

/// <summary>Two app instances on loopback ports sharing one redis-server; real SignalR clients on each.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class BackplaneTests(RedisFixture fixture) : IAsyncLifetime
{
    private HubApp _a = null!;
    private HubApp _b = null!;

    public async Task InitializeAsync()
    {
        _a = await Backplanes.StartRxRedisAsync(fixture.Server);
        _b = await Backplanes.StartRxRedisAsync(fixture.Server);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_message_sent_to_all_on_one_instance_reaches_the_clients_of_both()
    {
        Inbox<string> onA = null!, onB = null!;
        await _a.ConnectAsync(c => onA = new Inbox<string>(c, "m"));
        await _b.ConnectAsync(c => onB = new Inbox<string>(c, "m"));

        await _a.Hub.Clients.All.SendAsync("m", "hello");

        Assert.Equal("hello", await onA.NextAsync());
        Assert.Equal("hello", await onB.NextAsync());
    }

    [Fact]
    public async Task All_except_skips_the_excluded_connection_on_the_other_instance()
    {
        Inbox<string> excluded = null!, included = null!;
        var skipped = await _b.ConnectAsync(c => excluded = new Inbox<string>(c, "m"));
        await _b.ConnectAsync(c => included = new Inbox<string>(c, "m"));

        await _a.Hub.Clients.AllExcept(skipped.ConnectionId!).SendAsync("m", "not for you");
        await _a.Hub.Clients.All.SendAsync("m", "marker");

        // One channel keeps its order, so the excluded client's next message is the marker.
        Assert.Equal("marker", await excluded.NextAsync());
        Assert.Equal("not for you", await included.NextAsync());
        Assert.Equal("marker", await included.NextAsync());
    }

    [Fact]
    public async Task A_connection_on_the_other_instance_is_reached_by_its_id()
    {
        Inbox<string> first = null!, second = null!;
        var one = await _b.ConnectAsync(c => first = new Inbox<string>(c, "m"));
        var two = await _b.ConnectAsync(c => second = new Inbox<string>(c, "m"));

        await _a.Hub.Clients.Client(one.ConnectionId!).SendAsync("m", "just one");
        await _a.Hub.Clients.Clients(one.ConnectionId!, two.ConnectionId!).SendAsync("m", "both");

        Assert.Equal("just one", await first.NextAsync());
        Assert.Equal("both", await first.NextAsync());
        Assert.Equal("both", await second.NextAsync());
    }

    [Fact]
    public async Task Group_membership_changed_from_the_other_instance_is_acknowledged_and_in_effect()
    {
        Inbox<string> inbox = null!;
        var member = await _b.ConnectAsync(c => inbox = new Inbox<string>(c, "m"));

        await _a.Hub.Groups.AddToGroupAsync(member.ConnectionId!, "g");
        await _a.Hub.Clients.Group("g").SendAsync("m", "in the group");
        Assert.Equal("in the group", await inbox.NextAsync());

        await _a.Hub.Groups.RemoveFromGroupAsync(member.ConnectionId!, "g");
        await _a.Hub.Clients.Group("g").SendAsync("m", "after leaving");
        await _a.Hub.Clients.All.SendAsync("m", "marker");
        Assert.Equal("marker", await inbox.NextAsync());
    }

    [Fact]
    public async Task A_group_joined_in_a_hub_method_hears_sends_from_the_other_instance_except_the_excluded()
    {
        Inbox<string> joined = null!, other = null!;
        var first = await _b.ConnectAsync(c => joined = new Inbox<string>(c, "m"));
        var second = await _b.ConnectAsync(c => other = new Inbox<string>(c, "m"));
        await first.InvokeAsync(nameof(TestHub.Join), "room");
        await second.InvokeAsync(nameof(TestHub.Join), "room");

        await _a.Hub.Clients.GroupExcept("room", second.ConnectionId!).SendAsync("m", "to the room");
        await _a.Hub.Clients.Groups("room", "elsewhere").SendAsync("m", "to rooms");

        Assert.Equal("to the room", await joined.NextAsync());
        Assert.Equal("to rooms", await joined.NextAsync());
        Assert.Equal("to rooms", await other.NextAsync());
    }

    [Fact]
    public async Task A_user_is_reached_on_every_instance_it_is_connected_to()
    {
        Inbox<string> aliceOnA = null!, aliceOnB = null!, bob = null!;
        await _a.ConnectAsync(c => aliceOnA = new Inbox<string>(c, "m"), user: "alice");
        await _b.ConnectAsync(c => aliceOnB = new Inbox<string>(c, "m"), user: "alice");
        await _b.ConnectAsync(c => bob = new Inbox<string>(c, "m"), user: "bob");

        await _a.Hub.Clients.User("alice").SendAsync("m", "for alice");
        await _a.Hub.Clients.Users("bob", "nobody").SendAsync("m", "for bob");

        Assert.Equal("for alice", await aliceOnA.NextAsync());
        Assert.Equal("for alice", await aliceOnB.NextAsync());
        Assert.Equal("for bob", await bob.NextAsync());
    }

    [Fact]
    public async Task A_client_result_comes_back_across_instances_and_locally()
    {
        var remote = await _b.ConnectAsync(c => c.On("Add", (int x, int y) => x + y));
        var local = await _a.ConnectAsync(c => c.On("Add", (int x, int y) => x * 100 + y));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        Assert.Equal(5, await _a.Hub.Clients.Client(remote.ConnectionId!).InvokeAsync<int>("Add", 2, 3, timeout.Token));
        Assert.Equal(203, await _a.Hub.Clients.Client(local.ConnectionId!).InvokeAsync<int>("Add", 2, 3, timeout.Token));
    }

    [Fact]
    public async Task A_client_error_reaches_the_caller_on_the_other_instance_as_a_hub_exception()
    {
        var remote = await _b.ConnectAsync(c => c.On("Fail", new Func<int>(() => throw new InvalidOperationException("client says no"))));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await Assert.ThrowsAsync<HubException>(() => _a.Hub.Clients.Client(remote.ConnectionId!).InvokeAsync<int>("Fail", timeout.Token));
    }

    [Fact]
    public async Task Invoking_a_connection_no_instance_holds_fails_at_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var error = await Assert.ThrowsAsync<IOException>(() => _a.Hub.Clients.Client("no-such-connection").InvokeAsync<int>("Add", 1, 2, timeout.Token));

        Assert.Contains("no-such-connection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_a_connection_no_instance_holds_does_not_wait_for_an_ack()
    {
        // Nobody subscribes to that connection's channel, so PUBLISH reaches no one and there is no ack to wait for
        // (the ack timeout is 30 s; this must finish long before).
        await _a.Hub.Groups.AddToGroupAsync("no-such-connection", "g").WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_payload_that_is_not_a_backplane_message_is_dropped_and_the_channel_carries_on()
    {
        Inbox<string> inbox = null!;
        await _b.ConnectAsync(c => inbox = new Inbox<string>(c, "m"));

        Assert.NotEqual("0", await fixture.Server.ExecRawAsync("PUBLISH", $"{Backplanes.HubChannels}:all", "not a backplane message"));
        await _a.Hub.Clients.All.SendAsync("m", "still working");

        Assert.Equal("still working", await inbox.NextAsync());
    }

    [Fact]
    public async Task Options_out_of_range_are_refused_with_the_option_named()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSignalR().AddRxRedis(o => o.AckTimeout = TimeSpan.Zero);
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => provider.GetRequiredService<HubLifetimeManager<TestHub>>());

        Assert.Contains("AckTimeout", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddSignalR().AddRxRedis("host:port:what"));
    }
}
