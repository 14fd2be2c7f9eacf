using System.Net;
using System.Net.Sockets;
using System.Reactive.Linq;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Client;

/// <summary>Connecting: protocol fallback, authentication, client name, database, endpoints. Each test starts the server it needs.</summary>
public sealed class HandshakeTests
{
    private const string Password = "s3cret-Pa55";

    [ServerFact(ServerFeature.RedisOnlyCommands)]
    public async Task Without_hello_a_resp3_client_falls_back_to_resp2()
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions
        {
            RenameCommands = new Dictionary<string, string> { ["HELLO"] = "" },
        });
        await using var client = await TestClients.ConnectAsync(server, RedisProtocol.Resp3, o => o.ClientName = "fallback");
        Assert.Equal(RedisProtocol.Resp2, client.Protocol);
        Assert.True(await client.Set("k", "v"));
        Assert.Equal("v", (await client.Get("k")).ToString());
        Assert.Equal("fallback", (await client.Execute("CLIENT", "GETNAME")).AsString());
    }

    [ServerFact(ServerFeature.RedisOnlyCommands)]
    public async Task Without_hello_the_fallback_authenticates_with_auth()
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions
        {
            Password = Password,
            RenameCommands = new Dictionary<string, string> { ["HELLO"] = "" },
        });
        await using var client = await TestClients.ConnectAsync(server, RedisProtocol.Resp3, o => o.Password = Password);
        Assert.Equal(RedisProtocol.Resp2, client.Protocol);
        Assert.Equal(5L, await client.IncrBy("n", 5));
        Assert.Equal("5", await server.ExecRawAsync("GET", "n"));
    }

    [ServerTheory(ServerFeature.Acl)]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Requirepass_with_the_password_connects(RedisProtocol protocol)
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { Password = Password });
        await using var client = await TestClients.ConnectAsync(server, protocol, o => o.Password = Password);
        Assert.Equal(protocol, client.Protocol);
        Assert.True(await client.Set("k", "v"));
        Assert.Equal("default", (await client.Execute("ACL", "WHOAMI")).AsString());
    }

    [ServerTheory(ServerFeature.RedisEdgeSemantics)]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task Requirepass_without_a_password_fails_to_connect_saying_a_password_is_needed_not_that_one_was_refused(RedisProtocol protocol)
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { Password = Password });
        var e = await Assert.ThrowsAsync<RedisAuthenticationException>(() => TestClients.ConnectAsync(server, protocol));
        Assert.Contains("requires authentication and no password is configured", e.Message, StringComparison.Ordinal);
        Assert.Contains("RedisOptions.Password", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", e.Message, StringComparison.Ordinal);
        Assert.Contains("NOAUTH", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("NOAUTH", e.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(CommandOutcome.NotSent, e.Outcome);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task A_wrong_password_fails_without_showing_it(RedisProtocol protocol)
    {
        const string wrong = "Wr0ng-Guess-xyz";
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { Password = Password });
        var e = await Assert.ThrowsAsync<RedisAuthenticationException>(() => TestClients.ConnectAsync(server, protocol, o => o.Password = wrong));
        Assert.Contains("WRONGPASS", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, e.ToString(), StringComparison.Ordinal);
    }

    [ServerTheory(ServerFeature.Acl)]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task An_acl_user_authenticates_with_user_and_password(RedisProtocol protocol)
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions
        {
            AclUsers = [new RedisAclUser("app", "app-pass", ["~*", "+@all"])],
        });
        await using var client = await TestClients.ConnectAsync(server, protocol, o =>
        {
            o.User = "app";
            o.Password = "app-pass";
        });
        Assert.Equal(protocol, client.Protocol);
        Assert.Equal("app", (await client.Execute("ACL", "WHOAMI")).AsString());
        Assert.True(await client.Set("k", "v"));

        var e = await Assert.ThrowsAsync<RedisAuthenticationException>(() => TestClients.ConnectAsync(server, protocol, o =>
        {
            o.User = "app";
            o.Password = "not-the-app-pass";
        }));
        Assert.Contains("'app'", e.Message, StringComparison.Ordinal);
        Assert.Contains("WRONGPASS", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-app-pass", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task The_client_name_shows_in_client_list(RedisProtocol protocol)
    {
        await using var server = await RedisServerProcess.StartAsync();
        var name = "rx-" + protocol.ToString().ToLowerInvariant();
        await using var client = await TestClients.ConnectAsync(server, protocol, o => o.ClientName = name);
        Assert.Equal(name, (await client.Execute("CLIENT", "GETNAME")).AsString());
        Assert.Contains($"name={name} ", await server.ExecRawAsync("CLIENT", "LIST"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task The_database_option_selects_the_database(RedisProtocol protocol)
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { Password = Password });
        await using var client = await TestClients.ConnectAsync(server, protocol, o =>
        {
            o.Database = 3;
            o.Password = Password;
        });
        await client.Set("in-db-3", "v");
        Assert.Contains(" db=3 ", (await client.Execute("CLIENT", "INFO")).AsString(), StringComparison.Ordinal);
        Assert.Equal("0", await server.ExecRawAsync("EXISTS", "in-db-3"));

        await using var raw = await RawRedisConnection.ConnectAsync(server.TcpEndPoint, CancellationToken.None);
        Assert.Equal("OK", await raw.ExecAsync(["AUTH", Password], CancellationToken.None));
        Assert.Equal("OK", await raw.ExecAsync(["SELECT", "3"], CancellationToken.None));
        Assert.Equal("1", await raw.ExecAsync(["EXISTS", "in-db-3"], CancellationToken.None));
    }

    [Fact]
    public async Task Connecting_where_nothing_listens_fails_naming_the_endpoint()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var e = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = RedisEndPoint.Tcp("127.0.0.1", port),
            ConnectTimeout = TimeSpan.FromSeconds(2),
        }));
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        Assert.Equal(CommandOutcome.NotSent, e.Outcome);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task A_unix_socket_endpoint_connects(RedisProtocol protocol)
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { UnixSocket = true });
        var path = server.UnixSocketPath!;
        await using (var client = await RedisClient.ConnectAsync(new RedisOptions { EndPoint = RedisEndPoint.Unix(path), Protocol = protocol }))
        {
            Assert.True(await client.Set("via-unix", "1"));
            Assert.Equal(protocol, client.Protocol);
        }
        var text = $"unix://{path}?db=2&protocol={protocol.ToString().ToLowerInvariant()}";
        await using (var client = await RedisClient.ConnectAsync(text))
        {
            Assert.Equal(protocol, client.Protocol);
            Assert.Equal(path, client.Options.EndPoint.UnixSocketPath);
            Assert.True((await client.Get("via-unix")).IsNull); // db 2, not 0
            Assert.Contains(" db=2 ", (await client.Execute("CLIENT", "INFO")).AsString(), StringComparison.Ordinal);
        }
        Assert.Equal("1", await server.ExecRawAsync("GET", "via-unix"));
    }

    [Fact]
    public async Task A_connection_string_connects_with_all_its_settings()
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { Password = Password });
        await using var client = await RedisClient.ConnectAsync(
            $"{server.Endpoint},password={Password},name=from-string,defaultDatabase=4,protocol=resp2,connectTimeout=2000");
        Assert.Equal(RedisProtocol.Resp2, client.Protocol);
        var info = (await client.Execute("CLIENT", "INFO")).AsString();
        Assert.Contains(" name=from-string ", info, StringComparison.Ordinal);
        Assert.Contains(" db=4 ", info, StringComparison.Ordinal);
        Assert.Matches(@"\bresp=2\b", info);
        Assert.DoesNotContain(Password, client.ToString(), StringComparison.Ordinal);
    }
}
