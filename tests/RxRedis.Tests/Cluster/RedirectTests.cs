using RxRedis.Cluster;

namespace RxRedis.Tests.Cluster;

public sealed class RedirectTests
{
    [Theory]
    [InlineData("MOVED 3999 127.0.0.1:6381", false, 3999, "127.0.0.1", 6381)]
    [InlineData("ASK 0 10.0.0.7:7000", true, 0, "10.0.0.7", 7000)]
    [InlineData("MOVED 16383 :7002", false, 16383, "", 7002)]
    [InlineData("MOVED 12 [::1]:7003", false, 12, "::1", 7003)]
    [InlineData("MOVED 12 redis-2.example:7003", false, 12, "redis-2.example", 7003)]
    public void Redirect_replies_are_read(string message, bool ask, int slot, string host, int port)
    {
        Assert.True(Redirect.TryParse(new RedisServerException(message, "GET"), out var redirect));

        Assert.Equal(new Redirect(ask, slot, host, port), redirect);
        Assert.Equal(host.Length == 0 ? null : RedisEndPoint.Tcp(host, port), redirect.EndPoint);
    }

    [Theory]
    [InlineData("MOVED")]
    [InlineData("MOVED 16384 127.0.0.1:6381")]
    [InlineData("MOVED -1 127.0.0.1:6381")]
    [InlineData("MOVED 1 127.0.0.1")]
    [InlineData("MOVED 1 127.0.0.1:0")]
    [InlineData("ERR MOVED 1 127.0.0.1:6379")]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value")]
    public void Other_errors_are_not_redirects(string message) =>
        Assert.False(Redirect.TryParse(new RedisServerException(message, "GET"), out _));

    [Fact]
    public void A_connection_error_is_not_a_redirect() =>
        Assert.False(Redirect.TryParse(new RedisConnectionException("MOVED 1 127.0.0.1:6379", CommandOutcome.Unknown), out _));
}
