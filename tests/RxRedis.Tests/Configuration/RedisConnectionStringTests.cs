namespace RxRedis.Tests.Configuration;

public sealed class RedisConnectionStringTests
{
    [Fact]
    public void A_redis_url_with_only_a_host_uses_the_defaults()
    {
        var o = RedisConnectionString.Parse("redis://cache.example");
        Assert.Equal("cache.example", o.EndPoint.Host);
        Assert.Equal(6379, o.EndPoint.Port);
        Assert.Equal(0, o.Database);
        Assert.Null(o.User);
        Assert.Null(o.Password);
        Assert.Equal(RedisProtocol.Resp3, o.Protocol);
    }

    [Fact]
    public void A_redis_url_with_port_and_database()
    {
        var o = RedisConnectionString.Parse("redis://cache.example:6380/7");
        Assert.Equal("cache.example", o.EndPoint.Host);
        Assert.Equal(6380, o.EndPoint.Port);
        Assert.Equal(7, o.Database);
    }

    [Fact]
    public void A_redis_url_with_user_and_password()
    {
        var o = RedisConnectionString.Parse("redis://alice:wonder@host");
        Assert.Equal("alice", o.User);
        Assert.Equal("wonder", o.Password);
        Assert.Equal("host", o.EndPoint.Host);
    }

    [Fact]
    public void A_redis_url_with_only_a_password()
    {
        var o = RedisConnectionString.Parse("redis://:wonder@host:6390");
        Assert.Null(o.User);
        Assert.Equal("wonder", o.Password);
        Assert.Equal(6390, o.EndPoint.Port);
    }

    [Fact]
    public void Url_encoded_credentials_are_decoded()
    {
        var o = RedisConnectionString.Parse("redis://us%40er:p%40ss%3Aw%2Ford%20x@host/1");
        Assert.Equal("us@er", o.User);
        Assert.Equal("p@ss:w/ord x", o.Password);
        Assert.Equal(1, o.Database);
    }

    [Fact]
    public void A_redis_url_with_an_ipv6_host()
    {
        var o = RedisConnectionString.Parse("redis://[::1]:6380");
        Assert.Equal("::1", o.EndPoint.Host);
        Assert.Equal(6380, o.EndPoint.Port);
    }

    [Fact]
    public void A_redis_url_with_query_settings()
    {
        var o = RedisConnectionString.Parse("redis://host?protocol=resp2&name=worker%201&connectTimeout=250");
        Assert.Equal(RedisProtocol.Resp2, o.Protocol);
        Assert.Equal("worker 1", o.ClientName);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.ConnectTimeout);
    }

    [Theory]
    [InlineData("redis://host?noEvict=true&noTouch=true")]
    [InlineData("host:6379,noEvict=true,noTouch=True")]
    public void Connection_modes_are_options_in_either_form_and_show_in_ToString(string text)
    {
        var o = RedisConnectionString.Parse(text);
        Assert.True(o.NoEvict);
        Assert.True(o.NoTouch);
        Assert.EndsWith("protocol=Resp3 noEvict=true noTouch=true", o.ToString(), StringComparison.Ordinal);
        Assert.False(RedisConnectionString.Parse("redis://host").NoEvict);
        Assert.DoesNotContain("no", RedisConnectionString.Parse("redis://host").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_mode_that_is_not_a_boolean_fails_naming_it()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RedisConnectionString.Parse("redis://host?noTouch=yes"));
        Assert.Contains("noTouch must be true or false, not 'yes'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[::1]:6380", "::1", 6380)]
    [InlineData("[::1]", "::1", 6379)]
    [InlineData("localhost", "localhost", 6379)]
    [InlineData("10.0.0.5:7000", "10.0.0.5", 7000)]
    [InlineData("  host:1  ", "host", 1)]
    [InlineData("host:65535", "host", 65535)]
    public void A_bare_endpoint(string text, string host, int port)
    {
        var o = RedisConnectionString.Parse(text);
        Assert.Equal(host, o.EndPoint.Host);
        Assert.Equal(port, o.EndPoint.Port);
    }

    [Fact]
    public void A_unix_socket_path_with_a_database()
    {
        var o = RedisConnectionString.Parse("unix:///var/run/redis/redis.sock?db=2");
        Assert.Equal("/var/run/redis/redis.sock", o.EndPoint.UnixSocketPath);
        Assert.Null(o.EndPoint.Host);
        Assert.Equal(2, o.Database);
    }

    [Fact]
    public void A_unix_socket_path_with_credentials()
    {
        var o = RedisConnectionString.Parse("unix://bob:pw@/tmp/r.sock");
        Assert.Equal("/tmp/r.sock", o.EndPoint.UnixSocketPath);
        Assert.Equal("bob", o.User);
        Assert.Equal("pw", o.Password);
    }

    [Fact]
    public void The_comma_separated_form_with_every_setting()
    {
        var o = RedisConnectionString.Parse("redis1:6381,password=pa=ss,user=app,name=orders,defaultDatabase=5,protocol=resp2,connectTimeout=250");
        Assert.Equal("redis1", o.EndPoint.Host);
        Assert.Equal(6381, o.EndPoint.Port);
        Assert.Equal("pa=ss", o.Password);
        Assert.Equal("app", o.User);
        Assert.Equal("orders", o.ClientName);
        Assert.Equal(5, o.Database);
        Assert.Equal(RedisProtocol.Resp2, o.Protocol);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.ConnectTimeout);
    }

    [Theory]
    [InlineData("host,Protocol=RESP3", RedisProtocol.Resp3)]
    [InlineData("host,protocol=3", RedisProtocol.Resp3)]
    [InlineData("host,protocol=2", RedisProtocol.Resp2)]
    public void Setting_names_and_protocol_values_ignore_case(string text, RedisProtocol protocol) =>
        Assert.Equal(protocol, RedisConnectionString.Parse(text).Protocol);

    [Fact]
    public void RedisOptions_Parse_is_the_same_parser() =>
        Assert.Equal(3, RedisOptions.Parse("redis://h/3").Database);

    [Theory]
    [InlineData("host:abc", "port")]
    [InlineData("host:0", "port")]
    [InlineData("host:70000", "port")]
    [InlineData("host,defaultDatabase=x", "database")]
    [InlineData("host,defaultDatabase=-1", "database")]
    [InlineData("host,protocol=resp4", "protocol")]
    [InlineData("host,connectTimeout=0", "connectTimeout")]
    [InlineData("host,connectTimeout=soon", "connectTimeout")]
    [InlineData("host,colour=blue", "colour")]
    [InlineData("host1,host2", "cluster=true")]
    [InlineData("password=x", "host")]
    [InlineData("redis://host/abc", "database")]
    [InlineData("redis://", "URL")]
    [InlineData("unix://relative.sock", "absolute")]
    [InlineData("host,user=bob", "password")]
    [InlineData("redis://host:0", "port")]
    [InlineData(":6379", "host")]
    public void A_malformed_string_throws_naming_the_wrong_part(string text, string part)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RedisConnectionString.Parse(text));
        Assert.Equal("connectionString", e.ParamName);
        Assert.Contains(part, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_string_throws(string text)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RedisConnectionString.Parse(text));
        Assert.Equal("connectionString", e.ParamName);
    }

    [Fact]
    public void A_null_string_throws() =>
        Assert.Equal("connectionString", Assert.Throws<ArgumentNullException>(() => RedisConnectionString.Parse(null!)).ParamName);

    [Theory]
    [InlineData("host:badport,password=TopSecret99")]
    [InlineData("host,password=TopSecret99,defaultDatabase=nope")]
    [InlineData("host,password=TopSecret99,colour=blue")]
    [InlineData("redis://user:TopSecret99@host:notaport")]
    [InlineData("redis://user:TopSecret99@host/notadb")]
    [InlineData("redis://:TopSecret99@host:0")]
    [InlineData("unix://user:TopSecret99@relative")]
    public void Errors_never_show_the_password(string text)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RedisConnectionString.Parse(text));
        Assert.DoesNotContain("TopSecret99", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://alice:TopSecret99@host:6380/2", "redis://alice:***@host:6380/2")]
    [InlineData("redis://:TopSecret99@host", "redis://:***@host:6379/0")]
    [InlineData("host,password=TopSecret99,name=n1", "redis://:***@host:6379/0 protocol=Resp3 name=n1")]
    [InlineData("unix://u:TopSecret99@/tmp/r.sock", "unix://u:***@/tmp/r.sock/0")]
    public void ToString_hides_the_password(string text, string expectedStart)
    {
        var o = RedisConnectionString.Parse(text);
        var shown = o.ToString();
        Assert.DoesNotContain("TopSecret99", shown, StringComparison.Ordinal);
        Assert.StartsWith(expectedStart, shown, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_shows_an_ipv6_host_in_brackets() =>
        Assert.StartsWith("redis://[::1]:6380/0", RedisConnectionString.Parse("[::1]:6380").ToString(), StringComparison.Ordinal);

    [Fact]
    public void Clone_is_independent()
    {
        var o = RedisConnectionString.Parse("host,password=a");
        var copy = o.Clone();
        copy.Password = "b";
        copy.Database = 4;
        Assert.Equal("a", o.Password);
        Assert.Equal(0, o.Database);
    }

    [Fact]
    public void Validate_names_the_setting_out_of_range()
    {
        Assert.Equal("Database", Assert.ThrowsAny<ArgumentException>(() => new RedisOptions { Database = -1 }.Validate()).ParamName);
        Assert.Equal("ConnectTimeout", Assert.ThrowsAny<ArgumentException>(() => new RedisOptions { ConnectTimeout = TimeSpan.Zero }.Validate()).ParamName);
        Assert.Equal("Password", Assert.ThrowsAny<ArgumentException>(() => new RedisOptions { User = "u" }.Validate()).ParamName);
        new RedisOptions().Validate();
    }
}
