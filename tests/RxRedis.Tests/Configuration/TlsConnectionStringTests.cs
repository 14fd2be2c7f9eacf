namespace RxRedis.Tests.Configuration;

public sealed class TlsConnectionStringTests
{
    [Fact]
    public void Rediss_turns_tls_on_and_keeps_the_rest_of_the_url()
    {
        var options = RedisConnectionString.Parse("rediss://app:s%40cret@cache.example.com:6380/2?sslHost=redis.internal&tlsCaCert=%2Fetc%2Fca.pem");
        Assert.True(options.Tls.Enabled);
        Assert.Equal(RedisEndPoint.Tcp("cache.example.com", 6380), options.EndPoint);
        Assert.Equal("app", options.User);
        Assert.Equal("s@cret", options.Password);
        Assert.Equal(2, options.Database);
        Assert.Equal("redis.internal", options.Tls.TargetHost);
        Assert.Equal("/etc/ca.pem", options.Tls.CaCertificateFile);
        Assert.True(options.Tls.CheckCertificateName);
        Assert.Equal("rediss://app:***@cache.example.com:6380/2 protocol=Resp3", options.ToString());
    }

    [Fact]
    public void Redis_urls_and_plain_strings_leave_tls_off_unless_asked()
    {
        Assert.False(RedisConnectionString.Parse("redis://localhost").Tls.Enabled);
        Assert.False(RedisConnectionString.Parse("localhost:6379").Tls.Enabled);
        var options = RedisConnectionString.Parse("localhost:6380,ssl=true,sslHost=redis.internal");
        Assert.True(options.Tls.Enabled);
        Assert.Equal("redis.internal", options.Tls.TargetHost);
        Assert.True(RedisConnectionString.Parse("localhost,tls=True").Tls.Enabled);
    }

    [Fact]
    public void A_bad_ssl_flag_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => RedisConnectionString.Parse("localhost,ssl=yes"));
        Assert.Contains("ssl must be true or false", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clone_gives_the_copy_its_own_tls_settings()
    {
        var original = new RedisOptions { Tls = { Enabled = true, TargetHost = "a" } };
        var copy = original.Clone();
        copy.Tls.TargetHost = "b";
        Assert.Equal("a", original.Tls.TargetHost);
        Assert.True(copy.Tls.Enabled);
    }

    [Fact]
    public void Conflicting_tls_settings_are_refused()
    {
        var options = new RedisOptions
        {
            Tls = { Enabled = true, CaCertificateFile = "/ca.pem", ServerCertificateValidation = (_, _, _, errors) => errors == System.Net.Security.SslPolicyErrors.None },
        };
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("not both", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(new RedisOptions { Tls = { ClientKeyFile = "/k.pem" } }.Validate);
    }
}
