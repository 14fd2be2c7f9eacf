using System.Reactive.Linq;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Connection;

public sealed class HandshakeTests : FakeServerTestBase
{
    [Fact]
    public async Task Resp3_handshake_sends_auth_and_name_inside_hello()
    {
        var options = FastOptions();
        options.User = "app";
        options.Password = "s3cret";
        options.ClientName = "worker-1";
        options.Database = 2;
        await using var client = await ConnectAsync(options);

        var received = Server.Connections[0].Received.ToArray();
        Assert.Equal(["HELLO", "3", "AUTH", "app", "s3cret", "SETNAME", "worker-1"], received[0]);
        Assert.Equal(["SELECT", "2"], received[1]);
        Assert.Equal(RedisProtocol.Resp3, client.Protocol);
    }

    [Fact]
    public async Task NoEvict_and_NoTouch_are_set_in_every_handshake_so_a_reconnect_sets_them_again()
    {
        var options = FastOptions();
        options.NoEvict = true;
        options.NoTouch = true;
        await using var client = await ConnectAsync(options);
        Assert.Equal(["CLIENT", "NO-EVICT", "ON"], Server.Connections[0].Received.ElementAt(1));
        Assert.Equal(["CLIENT", "NO-TOUCH", "ON"], Server.Connections[0].Received.ElementAt(2));

        Server.Connections[0].Close();
        await WaitUntilAsync(() => Server.ConnectionCount == 2 && Server.Connections[1].Received.Count >= 3, "the client reconnected");
        Assert.Equal("OK", (await client.Execute("ECHO", "after")).AsString());

        var again = Server.Connections[1].Received.ToArray();
        Assert.Equal("HELLO", again[0][0]);
        Assert.Equal(["CLIENT", "NO-EVICT", "ON"], again[1]);
        Assert.Equal(["CLIENT", "NO-TOUCH", "ON"], again[2]);
    }

    [Fact]
    public async Task Without_the_connection_modes_the_handshake_sends_no_client_command()
    {
        await using var client = await ConnectAsync();
        Assert.Equal("OK", (await client.Execute("ECHO", "x")).AsString());
        Assert.DoesNotContain(Server.Connections[0].Received, c => c[0] == "CLIENT");
    }

    [Fact]
    public async Task Unknown_hello_falls_back_to_resp2_with_auth_name_and_select()
    {
        Server.HelloHandler = (c, _) => c.SendRawAsync("-ERR unknown command 'HELLO', with args beginning with: '3'\r\n");
        var options = FastOptions();
        options.Password = "s3cret";
        options.ClientName = "worker-1";
        options.Database = 1;
        await using var client = await ConnectAsync(options);

        var received = Server.Connections[0].Received.ToArray();
        Assert.Equal("HELLO", received[0][0]);
        Assert.Equal(["AUTH", "s3cret"], received[1]);
        Assert.Equal(["CLIENT", "SETNAME", "worker-1"], received[2]);
        Assert.Equal(["SELECT", "1"], received[3]);
        Assert.Equal(RedisProtocol.Resp2, client.Protocol);
    }

    [Fact]
    public async Task Wrong_password_fails_with_an_authentication_error_that_hides_the_password()
    {
        Server.HelloHandler = (c, _) => c.SendRawAsync("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        var options = FastOptions();
        options.Password = "hunter2-secret";

        var error = await Assert.ThrowsAsync<RedisAuthenticationException>(() => ConnectAsync(options));

        Assert.Contains("WRONGPASS", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+OK\r\n")]
    [InlineData("*2\r\n$6\r\nserver\r\n$5\r\nredis\r\n")]
    public async Task A_hello_answered_with_anything_but_a_map_fails_the_connect_pointing_at_resp2(string reply)
    {
        Server.HelloHandler = (c, _) => c.SendRawAsync(reply);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync());

        Assert.Contains("failed at HELLO", error.Message, StringComparison.Ordinal);
        Assert.Contains("set Protocol to Resp2", error.Message, StringComparison.Ordinal);
        Assert.Equal(CommandOutcome.NotSent, error.Outcome);
    }

    [Fact]
    public async Task Resp2_option_skips_hello()
    {
        var options = FastOptions();
        options.Protocol = RedisProtocol.Resp2;
        await using var client = await ConnectAsync(options);
        await client.Ping();

        Assert.DoesNotContain(Server.Connections[0].Received, c => c[0] == "HELLO");
        Assert.Equal(RedisProtocol.Resp2, client.Protocol);
    }
}
