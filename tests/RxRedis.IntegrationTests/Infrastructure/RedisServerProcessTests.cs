using System.Net.Sockets;

namespace RxRedis.IntegrationTests.Infrastructure;

public sealed class RedisServerProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Starts_and_answers_PING()
    {
        await using var server = await RedisServerProcess.StartAsync();

        Assert.Equal("PONG", await server.ExecRawAsync("PING"));
        Assert.Equal($"127.0.0.1:{server.Port}", server.Endpoint);
    }

    [Fact]
    public async Task Runs_with_persistence_off_in_its_own_directory()
    {
        await using var server = await RedisServerProcess.StartAsync();

        Assert.Equal("save\n", await server.ExecRawAsync("CONFIG", "GET", "save"));
        Assert.Equal("appendonly\nno", await server.ExecRawAsync("CONFIG", "GET", "appendonly"));
        Assert.Equal($"dir\n{server.DataDirectory}", await server.ExecRawAsync("CONFIG", "GET", "dir"));
    }

    [Fact]
    public async Task Two_servers_get_different_ports()
    {
        await using var first = await RedisServerProcess.StartAsync();
        await using var second = await RedisServerProcess.StartAsync();

        Assert.NotEqual(first.Port, second.Port);
        Assert.Equal("PONG", await first.ExecRawAsync("PING"));
        Assert.Equal("PONG", await second.ExecRawAsync("PING"));
    }

    [Fact]
    public async Task Server_with_password_answers_NOAUTH_without_auth_and_PONG_with_it()
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { Password = "s3cret" });
        using var timeout = new CancellationTokenSource(Timeout);

        var anonymous = await RawRedisConnection.ExecOnceAsync(server.TcpEndPoint, password: null, ["PING"], timeout.Token);

        Assert.StartsWith("(error) NOAUTH", anonymous, StringComparison.Ordinal);
        Assert.Equal("PONG", await server.ExecRawAsync("PING"));
    }

    [Fact]
    public async Task Acl_user_can_authenticate_with_its_rules()
    {
        var reader = new RedisAclUser("reader", "pw", ["~*", "+get", "+ping"]);
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { AclUsers = [reader] });
        await using var connection = await RawRedisConnection.ConnectAsync(server.TcpEndPoint, CancellationToken.None);

        Assert.Equal("OK", await connection.ExecAsync(["AUTH", "reader", "pw"], CancellationToken.None));
        Assert.Equal("(nil)", await connection.ExecAsync(["GET", "k"], CancellationToken.None));
        Assert.StartsWith("(error) NOPERM", await connection.ExecAsync(["SET", "k", "v"], CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_then_RestartAsync_comes_back_on_the_same_port()
    {
        await using var server = await RedisServerProcess.StartAsync();
        var port = server.Port;

        server.Kill();

        Assert.False(server.IsRunning);
        await Assert.ThrowsAnyAsync<SocketException>(() => server.ExecRawAsync("PING"));

        await server.RestartAsync();

        Assert.Equal(port, server.Port);
        Assert.Equal("PONG", await server.ExecRawAsync("PING"));
    }

    [Fact]
    public async Task StopAsync_shuts_the_server_down()
    {
        await using var server = await RedisServerProcess.StartAsync();

        await server.StopAsync();

        Assert.False(server.IsRunning);
    }

    [Fact]
    public async Task Dispose_removes_the_temp_directory()
    {
        var server = await RedisServerProcess.StartAsync();
        var directory = server.DataDirectory;
        Assert.True(Directory.Exists(directory));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(directory));
        Assert.False(server.IsRunning);
    }

    [Fact]
    public async Task Renamed_away_HELLO_answers_an_error()
    {
        var options = new RedisServerOptions { RenameCommands = new Dictionary<string, string> { ["HELLO"] = "" } };
        await using var server = await RedisServerProcess.StartAsync(options);

        var reply = await server.ExecRawAsync("HELLO", "3");

        Assert.StartsWith("(error) ERR unknown command", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unix_socket_answers_PING()
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions { UnixSocket = true });
        using var timeout = new CancellationTokenSource(Timeout);

        Assert.NotNull(server.UnixSocketPath);
        var reply = await RawRedisConnection.ExecOnceAsync(
            new UnixDomainSocketEndPoint(server.UnixSocketPath), password: null, ["PING"], timeout.Token);

        Assert.Equal("PONG", reply);
    }

    [Fact]
    public async Task Debug_command_and_extra_args_reach_the_server()
    {
        var options = new RedisServerOptions { EnableDebugCommand = true, ExtraArgs = ["--busy-reply-threshold", "1234"] };
        await using var server = await RedisServerProcess.StartAsync(options);

        Assert.Equal("OK", await server.ExecRawAsync("DEBUG", "SLEEP", "0"));
        Assert.Equal("busy-reply-threshold\n1234", await server.ExecRawAsync("CONFIG", "GET", "busy-reply-threshold"));
    }

    [Fact]
    public async Task Failed_start_reports_the_server_output()
    {
        var options = new RedisServerOptions { ExtraArgs = ["--no-such-option", "1"] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RedisServerProcess.StartAsync(options));

        Assert.Contains("exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-option", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_renders_RESP3_aggregates_as_lines()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var connection = await RawRedisConnection.ConnectAsync(server.TcpEndPoint, CancellationToken.None);

        await connection.ExecAsync(["HELLO", "3"], CancellationToken.None);
        await connection.ExecAsync(["HSET", "h", "f", "v"], CancellationToken.None);

        Assert.Equal("f\nv", await connection.ExecAsync(["HGETALL", "h"], CancellationToken.None));
        Assert.Equal("(nil)", await connection.ExecAsync(["GET", "missing"], CancellationToken.None));
    }
}
