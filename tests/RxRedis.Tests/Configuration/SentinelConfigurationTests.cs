namespace RxRedis.Tests.Configuration;

public sealed class SentinelConfigurationTests
{
    [Fact]
    public void A_sentinel_url_lists_the_sentinels_and_names_the_service()
    {
        var o = RedisConnectionString.Parse("redis-sentinel://s1:26380,s2,[::1]:26381/mymaster");

        Assert.NotNull(o.Sentinel);
        Assert.Equal("mymaster", o.Sentinel.ServiceName);
        Assert.Equal([RedisEndPoint.Tcp("s1", 26380), RedisEndPoint.Tcp("s2", 26379), RedisEndPoint.Tcp("::1", 26381)], o.Sentinel.EndPoints);
        Assert.Equal(SentinelReadFrom.Primary, o.Sentinel.ReadFrom);
        Assert.Null(o.Sentinel.Password);
        Assert.Equal(0, o.Database);
    }

    [Fact]
    public void Credentials_and_database_are_the_nodes_and_sentinel_settings_go_in_the_query()
    {
        var o = RedisConnectionString.Parse(
            "redis-sentinel://app:n%40de@s1:26379,s2:26379/my%2Dservice/3?sentinelUser=watcher&sentinelPassword=s%3Acret&readFrom=replica&name=w1&ssl=true");

        Assert.Equal("app", o.User);
        Assert.Equal("n@de", o.Password);
        Assert.Equal(3, o.Database);
        Assert.Equal("w1", o.ClientName);
        Assert.True(o.Tls.Enabled);
        Assert.Equal("my-service", o.Sentinel!.ServiceName);
        Assert.Equal("watcher", o.Sentinel.User);
        Assert.Equal("s:cret", o.Sentinel.Password);
        Assert.Equal(SentinelReadFrom.Replica, o.Sentinel.ReadFrom);
    }

    [Theory]
    [InlineData("redis-sentinel://s1:26379", "service")]
    [InlineData("redis-sentinel://s1:26379/", "service")]
    [InlineData("redis-sentinel:///mymaster", "service")]
    [InlineData("redis-sentinel://s1/mymaster/0/extra", "service")]
    [InlineData("redis-sentinel://s1,,s2/mymaster", "empty entry")]
    [InlineData("redis-sentinel://s1:0/mymaster", "port")]
    [InlineData("redis-sentinel://s1/mymaster/x", "database")]
    [InlineData("redis-sentinel://s1/mymaster?readFrom=nearest", "readFrom")]
    [InlineData("redis-sentinel://s1/mymaster?sentinelUser=w", "sentinel password")]
    [InlineData("redis-sentinel://s1/my%20master", "whitespace")]
    [InlineData("redis://host?readFrom=replica", "redis-sentinel://")]
    [InlineData("host,sentinelPassword=x", "redis-sentinel://")]
    public void A_malformed_sentinel_string_throws_naming_the_wrong_part(string text, string part)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RedisConnectionString.Parse(text));
        Assert.Equal("connectionString", e.ParamName);
        Assert.Contains(part, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("redis-sentinel://:TopSecret99@s1/mymaster/x")]
    [InlineData("redis-sentinel://s1/mymaster?sentinelPassword=TopSecret99&readFrom=nearest")]
    [InlineData("redis-sentinel://s1:99999/mymaster?sentinelPassword=TopSecret99")]
    [InlineData("redis-sentinel://:Top/Secret99@s1:0/mymaster")]
    [InlineData("redis-sentinel://:TopSecret99?x@s1/mymaster")]
    [InlineData("redis-sentinel://:Top?Secret99@s1/mymaster")]
    public void Errors_never_show_a_password(string text)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RedisConnectionString.Parse(text));
        Assert.DoesNotContain("TopSecret99", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_describes_the_sentinels_and_hides_both_passwords()
    {
        var o = RedisConnectionString.Parse(
            "redis-sentinel://app:TopSecret99@s1:26379,s2:26380/mymaster/2?sentinelUser=watcher&sentinelPassword=OtherSecret77&readFrom=replica");

        var shown = o.ToString();

        Assert.Equal("redis-sentinel://app:***@s1:26379,s2:26380/mymaster/2 protocol=Resp3 readFrom=Replica sentinelUser=watcher sentinelPassword=***", shown);
    }

    [Fact]
    public void Clone_copies_the_sentinel_settings_and_their_list()
    {
        var o = RedisConnectionString.Parse("redis-sentinel://s1/mymaster");
        var copy = o.Clone();
        copy.Sentinel!.EndPoints.Add(RedisEndPoint.Tcp("s2", 26379));
        copy.Sentinel.ServiceName = "other";

        Assert.Single(o.Sentinel!.EndPoints);
        Assert.Equal("mymaster", o.Sentinel.ServiceName);
    }

    [Fact]
    public void Validate_names_the_sentinel_setting_that_is_wrong()
    {
        static string? ParamOf(Action<SentinelOptions> change)
        {
            var sentinel = new SentinelOptions { ServiceName = "mymaster", EndPoints = { RedisEndPoint.Tcp("s1", 26379) } };
            change(sentinel);
            return Assert.ThrowsAny<ArgumentException>(() => new RedisOptions { Sentinel = sentinel }.Validate()).ParamName;
        }

        Assert.Equal("ServiceName", ParamOf(s => s.ServiceName = null));
        Assert.Equal("ServiceName", ParamOf(s => s.ServiceName = " "));
        Assert.Equal("ServiceName", ParamOf(s => s.ServiceName = "my master"));
        Assert.Equal("EndPoints", ParamOf(s => s.EndPoints.Clear()));
        Assert.Equal("EndPoints", ParamOf(s => s.EndPoints.Add(null!)));
        Assert.Equal("Password", ParamOf(s => s.User = "watcher"));
        Assert.Equal("ReadFrom", ParamOf(s => s.ReadFrom = (SentinelReadFrom)7));
        new RedisOptions { Sentinel = new SentinelOptions { ServiceName = "mymaster", EndPoints = { RedisEndPoint.Tcp("s1", 26379) } } }.Validate();
    }

    [Fact]
    public void The_connection_modes_are_the_nodes_not_the_sentinels()
    {
        var client = RedisConnectionString.Parse("redis-sentinel://s1:26379/mymaster?noEvict=true&noTouch=true");
        var sentinel = RxRedis.Sentinel.SentinelClientOptions.For(client, RedisEndPoint.Tcp("s1", 26379));
        Assert.True(client.NoEvict && client.NoTouch);
        Assert.False(sentinel.NoEvict);
        Assert.False(sentinel.NoTouch);
    }
}
