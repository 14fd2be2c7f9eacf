namespace RxRedis.Tests.Configuration;

// The StackExchange.Redis vocabulary: https://stackexchange.github.io/StackExchange.Redis/Configuration
public sealed class StackExchangeConnectionStringTests
{
    [Fact]
    public void An_azure_cache_for_redis_string_parses()
    {
        var o = RedisConnectionString.Parse("contoso.redis.cache.windows.net:6380,password=pw=,ssl=True,abortConnect=False");
        Assert.Equal("contoso.redis.cache.windows.net", o.EndPoint.Host);
        Assert.Equal(6380, o.EndPoint.Port);
        Assert.Equal("pw=", o.Password);
        Assert.True(o.Tls.Enabled);
        Assert.False(o.AbortOnConnectFail);
        Assert.Empty(o.IgnoredConnectionStringOptions);
    }

    [Theory]
    [InlineData("host,syncTimeout=1500", 1500)]
    [InlineData("host,asyncTimeout=2500", 2500)]
    [InlineData("host,commandTimeout=700", 700)]
    [InlineData("host,asyncTimeout=2500,syncTimeout=1500", 2500)]
    [InlineData("host,syncTimeout=1500,asyncTimeout=2500", 2500)]
    [InlineData("host,asyncTimeout=2500,commandTimeout=700", 700)]
    [InlineData("redis://host?syncTimeout=900", 900)]
    public void The_timeouts_set_the_command_timeout(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RedisConnectionString.Parse(text).CommandTimeout);

    [Theory]
    [InlineData("host,keepAlive=30", 30)]
    [InlineData("host,keepAlive=0", 0)]
    [InlineData("host,keepAlive=-1", 15)]
    public void keepAlive_sets_the_idle_ping_interval(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RedisConnectionString.Parse(text).HealthCheckInterval);

    [Fact]
    public void The_mapped_options_take_effect()
    {
        var o = RedisConnectionString.Parse(
            "h:1,user=app,password=pw,name=svc,defaultDatabase=3,connectTimeout=900,ssl=true,sslHost=cache.example,abortConnect=true,checkCertificateRevocation=false,proxy=None,protocol=resp2");
        Assert.Equal(("app", "pw", "svc", 3), (o.User, o.Password, o.ClientName, o.Database));
        Assert.Equal(TimeSpan.FromMilliseconds(900), o.ConnectTimeout);
        Assert.True(o.Tls.Enabled);
        Assert.Equal("cache.example", o.Tls.TargetHost);
        Assert.True(o.AbortOnConnectFail);
        Assert.Equal(RedisProtocol.Resp2, o.Protocol);
    }

    [Fact]
    public void serviceName_makes_the_hosts_sentinels_on_the_sentinel_port()
    {
        var o = RedisConnectionString.Parse("s1,s2:26380,serviceName=mymaster,password=pw,sentinelPassword=spw");
        Assert.NotNull(o.Sentinel);
        Assert.Equal("mymaster", o.Sentinel.ServiceName);
        Assert.Equal([RedisEndPoint.Tcp("s1", 26379), RedisEndPoint.Tcp("s2", 26380)], o.Sentinel.EndPoints);
        Assert.Equal("pw", o.Password);
        Assert.Equal("spw", o.Sentinel.Password);
        Assert.False(o.Cluster.Enabled);
    }

    [Fact]
    public void Options_with_nothing_to_do_are_accepted_and_listed_by_their_documented_names()
    {
        var o = RedisConnectionString.Parse(
            "host,allowAdmin=true,connectRetry=3,resolveDns=true,tiebreaker=,version=7.0,configChannel=x,configCheckSeconds=60,setlib=false,sslProtocols=tls12,CONNECTRETRY=5");
        Assert.Equal(
            ["allowAdmin", "connectRetry", "resolveDns", "tiebreaker", "version", "configChannel", "configCheckSeconds", "setlib", "sslProtocols"],
            o.IgnoredConnectionStringOptions);
    }

    [Theory]
    [InlineData("host,channelPrefix=app:", "channelPrefix")]
    [InlineData("host,tunnel=http:proxy:8080", "tunnel")]
    [InlineData("host,proxy=Twemproxy", "proxy")]
    [InlineData("host,checkCertificateRevocation=true", "revocation")]
    [InlineData("host,$INFO=", "$COMMAND")]
    [InlineData("host,abortConnect=maybe", "abortConnect")]
    [InlineData("host,syncTimeout=0", "syncTimeout")]
    [InlineData("host,keepAlive=soon", "keepAlive")]
    [InlineData("host,sentinelPassword=x", "Sentinel")]
    [InlineData("host,frobnicate=1", "frobnicate")]
    public void Options_whose_meaning_cannot_be_kept_or_that_nobody_knows_fail(string text, string named)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RedisConnectionString.Parse(text));
        Assert.Contains(named, e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
