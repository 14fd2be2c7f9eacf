using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Client;

/// <summary>
/// <see cref="RedisOptions.NoEvict"/> and <see cref="RedisOptions.NoTouch"/>: connection state the handshake sets,
/// so a reconnect sets it again; a server without the command fails the connect naming the option.
/// </summary>
public sealed class ConnectionModeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [ServerTheory(ServerFeature.ClientNoEvict)]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task NoEvict_is_on_after_connecting_and_again_after_a_reconnect(RedisProtocol protocol)
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = await TestClients.ConnectAsync(server, protocol, o => o.NoEvict = true);
        Assert.Contains('e', await FlagsAsync(client)); // "e": excluded from client eviction (CLIENT LIST)

        var reconnected = client.ConnectionState
            .SkipWhile(s => s.Status != ConnectionStatus.Disconnected)
            .FirstAsync(s => s.Status == ConnectionStatus.Connected)
            .ToTask();
        await server.ExecRawAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        await reconnected.WaitAsync(Limit);

        Assert.Contains('e', await FlagsAsync(client));
    }

    [ServerFact(ServerFeature.ClientNoEvict)]
    public async Task Without_the_option_the_connection_is_not_excluded_from_eviction()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = await TestClients.ConnectAsync(server, RedisProtocol.Resp3);
        Assert.DoesNotContain('e', await FlagsAsync(client));
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task NoTouch_on_a_server_without_it_fails_the_connect_naming_the_option(RedisProtocol protocol)
    {
        // Neither redis-server 7.0 nor garnet-server 2.2 has CLIENT NO-TOUCH (Redis 7.2).
        Assert.Equal(ServerFeature.ClientNoTouchAndWaitAof, TestServer.Lacking(ServerFeature.ClientNoTouchAndWaitAof));
        await using var server = await RedisServerProcess.StartAsync();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(
            () => TestClients.ConnectAsync(server, protocol, o => o.NoTouch = true).WaitAsync(Limit));

        Assert.Contains("CLIENT NO-TOUCH ON", error.Message, StringComparison.Ordinal);
        Assert.Contains("RedisOptions.NoTouch needs Redis 7.2 or newer", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.Endpoint, error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> FlagsAsync(RedisClient client)
    {
        var info = (await client.Execute("CLIENT", "INFO")).AsString()!;
        var flags = info.Split(' ').Single(field => field.StartsWith("flags=", StringComparison.Ordinal));
        return flags["flags=".Length..];
    }
}
