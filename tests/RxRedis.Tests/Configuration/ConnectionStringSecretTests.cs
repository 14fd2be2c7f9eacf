namespace RxRedis.Tests.Configuration;

// Issue 13, item 5: no part of a connection string after a password (or in URL credentials) appears in an error.
public sealed class ConnectionStringSecretTests
{
    public const string Canary = "CANARY7q";

    /// <summary>Malformed strings whose password, or the text after it, holds the canary.</summary>
    public static TheoryData<string> Malformed()
    {
        var data = new TheoryData<string>();
        string[] templates =
        [
            // A password holding ',' splits into parts that parse as hosts, options, ports.
            "127.0.0.1:6379,password=ab,{0}",
            "127.0.0.1:6379,password=ab,c:{0}",
            "127.0.0.1:6379,password=ab,{0}=x",
            "127.0.0.1:6379,password=ab,{0}:99999",
            "127.0.0.1:6379,password=ab,:{0}",
            "127.0.0.1:6379,password=ab,ssl={0}",
            "127.0.0.1:6379,password=ab,protocol={0}",
            "127.0.0.1:6379,password=ab,defaultDatabase={0}",
            "127.0.0.1:6379,password=ab,connectTimeout={0}",
            "127.0.0.1:6379,password=ab,syncTimeout={0}",
            "127.0.0.1:6379,password=ab,keepAlive={0}",
            "127.0.0.1:6379,password=ab,abortConnect={0}",
            "127.0.0.1:6379,password=ab,readFrom={0}",
            "127.0.0.1:6379,password=ab,cluster={0}",
            "127.0.0.1:6379,password=ab,user={0}x,sslHost= ",
            "password=ab,{0},{0}2",
            "password=ab,{0}:1:x",
            "h,password=x,{0},cluster=false",
            "h,serviceName=m,sentinelPassword=ab,{0}:0",
            "h,serviceName=m,password=ab,{0}:x",
            "h,password={0},protocol=9",
            "h:bad,password={0}",
            // URL credentials that were not URL-encoded move every boundary after the scheme.
            "redis://default:2024/{0}@host:6379",
            "redis://default:ab/{0}@host:P",
            "redis://u:ab?protocol={0}@host",
            "redis://u:ab#{0}@host",
            "redis://:{0}@host:0",
            "redis://:{0}@host/x",
            "redis://:{0}@host?ssl=maybe",
            "redis://:{0}@host?{0}=1",
            "redis://u:{0}@host?sentinelUser=x",
            "rediss://u:ab:{0}@host:notaport",
            "redis://u:ab@{0}:0",
            "redis://u:ab@host/{0}",
            "redis://u:ab@host?db={0}",
            "redis://u:ab@host?keepAlive={0}",
            "unix://u:{0}@relative.sock",
            "unix://u:ab@/tmp/r.sock?db={0}",
            "unix://u:ab@/tmp/r.sock?{0}=1",
            "redis-sentinel://u:ab?x={0}@s1/mymaster",
            "redis-sentinel://u:ab@s1:{0}/mymaster",
            "redis-sentinel://u:ab@s1/mymaster/{0}",
            "redis-sentinel://u:ab@s1/my{0} master",
            "redis-sentinel://u:ab@s1,{0}:x/mymaster",
            "redis-sentinel://u:ab@s1/mymaster?readFrom={0}",
            "redis-sentinel://u:ab@s1/mymaster?{0}=1",
        ];
        foreach (var template in templates)
        {
            data.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Canary));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void The_error_never_shows_the_password_nor_what_follows_it(string text)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RedisConnectionString.Parse(text));
        Assert.DoesNotContain(Canary, e.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("connectionString", e.ParamName);
    }

    [Theory]
    [InlineData("127.0.0.1:6379,password=ab,CANARY", "password")]
    [InlineData("127.0.0.1:6379,password=ab,c:CANARY", "port")]
    [InlineData("password=ab,CANARY=x", "unknown option")]
    [InlineData("redis://default:2024/CANARY@host:6379", "database")]
    [InlineData("h,password=ab,ssl=CANARY", "ssl")]
    public void The_error_still_names_what_is_wrong(string text, string named)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RedisConnectionString.Parse(text));
        Assert.Contains(named, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("CANARY", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_before_the_password_are_still_quoted()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RedisConnectionString.Parse("h:notaport,password=ab"));
        Assert.Contains("'h:notaport'", e.Message, StringComparison.Ordinal);
    }
}
