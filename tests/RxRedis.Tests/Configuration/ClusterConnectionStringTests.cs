namespace RxRedis.Tests.Configuration;

public sealed class ClusterConnectionStringTests
{
    [Fact]
    public void Several_hosts_with_cluster_true_are_the_seed_nodes_in_order()
    {
        var o = RedisConnectionString.Parse("node1:7000, node2:7001,node3,cluster=true,password=s3cret");

        Assert.True(o.Cluster.Enabled);
        Assert.Equal(RedisEndPoint.Tcp("node1", 7000), o.EndPoint);
        Assert.Equal([RedisEndPoint.Tcp("node2", 7001), RedisEndPoint.Tcp("node3", 6379)], o.Cluster.SeedEndPoints);
        Assert.Equal("s3cret", o.Password);
        Assert.False(o.Cluster.ReadFromReplicas);
    }

    [Fact]
    public void A_url_turns_cluster_mode_and_replica_reads_on_in_its_query()
    {
        var o = RedisConnectionString.Parse("redis://node1:7000?cluster=true&readFrom=replica");

        Assert.True(o.Cluster.Enabled);
        Assert.True(o.Cluster.ReadFromReplicas);
        Assert.Empty(o.Cluster.SeedEndPoints);
    }

    [Fact]
    public void Several_hosts_without_cluster_true_are_refused_naming_them()
    {
        var error = Assert.Throws<ArgumentException>(() => RedisConnectionString.Parse("a:1,b:2,password=secret"));

        Assert.Contains("a:1, b:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("cluster=true", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("host,readFrom=replica", "readFrom applies to")]
    [InlineData("host,cluster=yes", "cluster must be true or false")]
    [InlineData("host,cluster=true,defaultDatabase=2", "only database 0")]
    public void Cluster_settings_that_make_no_sense_say_what_is_wrong(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => RedisConnectionString.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void ToString_says_cluster_and_hides_the_password() =>
        Assert.Equal("redis://:***@node1:7000/0 protocol=Resp3 cluster", RedisConnectionString.Parse("node1:7000,cluster=true,password=pw").ToString());
}
