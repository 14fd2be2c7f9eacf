using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RxRedis.Diagnostics;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.Extensions.Tests;

/// <summary>Issue 14: every RedisOptions setting binds from configuration, and problems fail at start naming the key.</summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class ConfigurationBindingTests(RedisFixture fixture)
{
    private static ServiceProvider Build(Dictionary<string, string?> values) => new ServiceCollection()
        .AddRxRedis(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Redis"))
        .BuildServiceProvider();

    private static OptionsValidationException StartFails(Dictionary<string, string?> values)
    {
        using var provider = Build(values);
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void Every_setting_binds()
    {
        using var provider = Build(new()
        {
            ["Redis:ConnectionString"] = "cache.example:6380,password=pw,abortConnect=false",
            ["Redis:ClientName"] = "orders",
            ["Redis:CommandTimeout"] = "00:00:01.500",
            ["Redis:QueueWhileDisconnected"] = "false",
            ["Redis:HealthCheckInterval"] = "00:00:30",
            ["Redis:RetryPolicy:MaxRetries"] = "5",
            ["Redis:RetryPolicy:RetryTimeouts"] = "true",
            ["Redis:RetryPolicy:RetryUnknownOutcome"] = "true",
            ["Redis:RetryPolicy:Backoff:Min"] = "00:00:00.010",
            ["Redis:RetryPolicy:Backoff:Max"] = "00:00:01",
            ["Redis:RetryPolicy:Backoff:Jitter"] = "0.25",
            ["Redis:ReconnectBackoff:Min"] = "00:00:00.100",
            ["Redis:ReconnectBackoff:Max"] = "00:00:10",
            ["Redis:ReaderLimits:MaxDepth"] = "16",
            ["Redis:Tls:Enabled"] = "true",
            ["Redis:Tls:TargetHost"] = "redis.internal",
            ["Redis:Diagnostics:SlowCommandThreshold"] = "00:00:00.250",
        });
        var o = provider.GetRequiredService<IOptions<RedisOptions>>().Value;
        Assert.Equal(("cache.example", 6380, "pw", "orders"), (o.EndPoint.Host, o.EndPoint.Port, o.Password, o.ClientName));
        Assert.False(o.AbortOnConnectFail);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), o.CommandTimeout);
        Assert.False(o.QueueWhileDisconnected);
        Assert.Equal(TimeSpan.FromSeconds(30), o.HealthCheckInterval);
        Assert.Equal(5, o.RetryPolicy.MaxRetries);
        Assert.True(o.RetryPolicy.RetryTimeouts);
        Assert.True(o.RetryPolicy.RetryUnknownOutcome);
        Assert.Equal(new Resilience.Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), 0.25), o.RetryPolicy.Backoff);
        Assert.Equal(new Resilience.Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10)), o.ReconnectBackoff);
        Assert.Equal(16, o.ReaderLimits.MaxDepth);
        Assert.True(o.Tls.Enabled);
        Assert.Equal("redis.internal", o.Tls.TargetHost);
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(TimeSpan.FromMilliseconds(250), provider.GetRequiredService<IOptions<RedisDiagnosticsOptions>>().Value.SlowCommandThreshold);
    }

    [Fact]
    public void Cluster_and_sentinel_sections_bind()
    {
        using var cluster = Build(new()
        {
            ["Redis:Host"] = "n1",
            ["Redis:Cluster:Enabled"] = "true",
            ["Redis:Cluster:SeedEndPoints:0"] = "n2:7001",
            ["Redis:Cluster:SeedEndPoints:1"] = "n3",
            ["Redis:Cluster:ReadFromReplicas"] = "true",
            ["Redis:Cluster:MaxRedirects"] = "3",
            ["Redis:Cluster:TopologyRefreshInterval"] = "00:00:20",
        });
        var c = cluster.GetRequiredService<IOptions<RedisOptions>>().Value.Cluster;
        Assert.True(c.Enabled && c.ReadFromReplicas);
        Assert.Equal([RedisEndPoint.Tcp("n2", 7001), RedisEndPoint.Tcp("n3")], c.SeedEndPoints);
        Assert.Equal((3, TimeSpan.FromSeconds(20)), (c.MaxRedirects, c.TopologyRefreshInterval));

        using var sentinel = Build(new()
        {
            ["Redis:Sentinel:ServiceName"] = "mymaster",
            ["Redis:Sentinel:EndPoints:0"] = "s1",
            ["Redis:Sentinel:EndPoints:1"] = "s2:26380",
            ["Redis:Sentinel:ReadFrom"] = "Replica",
            ["Redis:Sentinel:Password"] = "spw",
        });
        var s = sentinel.GetRequiredService<IOptions<RedisOptions>>().Value.Sentinel!;
        Assert.Equal("mymaster", s.ServiceName);
        Assert.Equal([RedisEndPoint.Tcp("s1", 26379), RedisEndPoint.Tcp("s2", 26380)], s.EndPoints);
        Assert.Equal((SentinelReadFrom.Replica, "spw"), (s.ReadFrom, s.Password));
        sentinel.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Values_that_do_not_parse_and_unknown_keys_fail_at_start_each_naming_its_key()
    {
        var e = StartFails(new()
        {
            ["Redis:Host"] = "h",
            ["Redis:Password"] = "Secret-do-not-show",
            ["Redis:CommandTimeout"] = "5",
            ["Redis:QueueWhileDisconnected"] = "sometimes",
            ["Redis:CommandTimeOut2"] = "x",
            ["Redis:RetryPolicy:MaxRetries"] = "three",
            ["Redis:Tls:Enabeld"] = "true",
        });
        Assert.Contains(e.Failures, f => f.StartsWith("Redis:CommandTimeout: expected a duration", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Redis:QueueWhileDisconnected: expected true or false", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Redis:CommandTimeOut2: unknown key", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Redis:RetryPolicy:MaxRetries: expected a whole number", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Redis:Tls:Enabeld: unknown key", StringComparison.Ordinal));
        Assert.DoesNotContain("Secret-do-not-show", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Redis:CommandTimeout", "-00:00:05", "Redis:CommandTimeout")]
    [InlineData("Redis:Database", "-1", "Redis:Database")]
    [InlineData("Redis:RetryPolicy:MaxRetries", "-1", "Redis:RetryPolicy:MaxRetries")]
    [InlineData("Redis:ConnectionString", "h,password=x,colour=blue", "Redis:ConnectionString")]
    public void Settings_out_of_range_fail_at_start_naming_the_key(string key, string value, string named)
    {
        var e = StartFails(new() { ["Redis:Host"] = "h", [key] = value });
        Assert.Contains(e.Failures, f => f.StartsWith(named + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_set_in_code_are_validated_at_start_too()
    {
        using var provider = new ServiceCollection().AddRxRedis(o => o.ConnectTimeout = TimeSpan.Zero).BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(e.Failures, f => f.StartsWith("RedisOptions.ConnectTimeout:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Accepted_StackExchange_options_with_nothing_to_do_are_logged_once_by_name()
    {
        using var capture = new TelemetryCapture(RedisServerProcess.Host, fixture.Server.Port);
        var services = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(capture)
            .AddRxRedis($"{fixture.Server.Endpoint},allowAdmin=true,connectRetry=3,abortConnect=false");
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.GetRequiredService<RedisClientProvider>().GetClientAsync();
        }
        var ignored = capture.Logs.Where(l => l.Id.Id == RedisLogEvents.IgnoredConnectionStringOption).Select(l => l.Message).ToList();
        Assert.Equal(2, ignored.Count);
        Assert.StartsWith("Connection string option allowAdmin is accepted but ignored: ", ignored[0], StringComparison.Ordinal);
        Assert.StartsWith("Connection string option connectRetry is accepted but ignored: ", ignored[1], StringComparison.Ordinal);
    }
}
