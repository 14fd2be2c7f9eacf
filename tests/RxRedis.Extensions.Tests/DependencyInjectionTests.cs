using System.Reactive.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.Extensions.Tests;

[Collection(RedisCollectionDefinition.Name)]
public sealed class DependencyInjectionTests(RedisFixture fixture)
{
    [Fact]
    public async Task AddRxRedis_with_code_options_resolves_one_working_client()
    {
        var services = new ServiceCollection().AddRxRedis(options =>
        {
            options.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port);
            options.ClientName = "di-test";
        });
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var client = provider.GetRequiredService<RedisClient>();
        Assert.Same(client, provider.GetRequiredService<RedisClient>());
        Assert.Same(client, await provider.GetRequiredService<RedisClientProvider>().GetClientAsync());
        Assert.Equal("di-test", client.Options.ClientName);
        Assert.True(await client.Set("di:code", "1"));
        Assert.Equal("1", (await client.Get("di:code")).ToString());
    }

    [Fact]
    public async Task AddRxRedis_reads_a_connection_string_section_value()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Redis"] = $"{fixture.Server.Endpoint},defaultDatabase=2" })
            .Build();
        await using var provider = new ServiceCollection().AddRxRedis(configuration.GetSection("Redis")).BuildServiceProvider();
        var client = provider.GetRequiredService<RedisClient>();
        Assert.Equal(2, client.Options.Database);
        Assert.True(await client.Set("di:cs", "2"));
        Assert.Equal("2", (await client.Get("di:cs")).ToString());
    }

    [Fact]
    public async Task AddRxRedis_reads_fields_which_override_the_connection_string()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Redis:ConnectionString"] = "redis://nowhere.invalid:1/5",
                ["Redis:Host"] = RedisServerProcess.Host,
                ["Redis:Port"] = fixture.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Redis:Database"] = "3",
                ["Redis:ClientName"] = "from-config",
                ["Redis:Protocol"] = "Resp2",
                ["Redis:ConnectTimeout"] = "00:00:02",
            })
            .Build();
        await using var provider = new ServiceCollection().AddRxRedis(configuration.GetSection("Redis")).BuildServiceProvider();
        var client = provider.GetRequiredService<RedisClient>();
        Assert.Equal(3, client.Options.Database);
        Assert.Equal("from-config", client.Options.ClientName);
        Assert.Equal(RedisProtocol.Resp2, client.Protocol);
        Assert.Equal(TimeSpan.FromSeconds(2), client.Options.ConnectTimeout);
        Assert.Equal("PONG", (await client.Execute("PING")).AsString());
    }

    [Fact]
    public async Task AddRxRedis_keeps_the_sentinel_settings_of_a_redis_sentinel_connection_string()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Redis"] = "redis-sentinel://s1:26379,s2:26380/mymaster?readFrom=replica" })
            .Build();
        await using var fromSection = new ServiceCollection().AddRxRedis(configuration.GetSection("Redis")).BuildServiceProvider();
        await using var fromString = new ServiceCollection().AddRxRedis("redis-sentinel://s1:26379/mymaster").BuildServiceProvider();

        var sentinel = fromSection.GetRequiredService<Microsoft.Extensions.Options.IOptions<RedisOptions>>().Value.Sentinel;
        Assert.Equal("mymaster", sentinel?.ServiceName);
        Assert.Equal(2, sentinel?.EndPoints.Count);
        Assert.Equal(SentinelReadFrom.Replica, sentinel?.ReadFrom);
        Assert.Equal("mymaster", fromString.GetRequiredService<Microsoft.Extensions.Options.IOptions<RedisOptions>>().Value.Sentinel?.ServiceName);
    }

    [Fact]
    public async Task Nothing_connects_until_first_use_and_a_failed_connect_is_retried_on_the_next_resolution()
    {
        await using var server = await RedisServerProcess.StartAsync();
        server.Kill();
        await using var provider = new ServiceCollection()
            .AddRxRedis($"{server.Endpoint},connectTimeout=2000")
            .BuildServiceProvider();
        var e = Assert.Throws<RedisConnectionException>(() => provider.GetRequiredService<RedisClient>());
        Assert.Contains(server.Endpoint, e.Message, StringComparison.Ordinal);

        await server.RestartAsync();
        Assert.Equal("PONG", (await provider.GetRequiredService<RedisClient>().Execute("PING")).AsString());
    }

    [Fact]
    public async Task Disposing_the_service_provider_disposes_the_client()
    {
        var provider = new ServiceCollection()
            .AddRxRedis(o => o.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port))
            .BuildServiceProvider();
        var client = provider.GetRequiredService<RedisClient>();
        var clients = provider.GetRequiredService<RedisClientProvider>();
        var states = new List<ConnectionStatus>();
        using var subscription = client.ConnectionState.Subscribe(s => states.Add(s.Status));
        await provider.DisposeAsync();
        Assert.Equal(ConnectionStatus.Disposed, states[^1]);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await clients.GetClientAsync());
    }

    [Fact]
    public async Task AddRxRedis_logs_through_the_containers_logger_factory_and_records_spans()
    {
        using var capture = new TelemetryCapture(RedisServerProcess.Host, fixture.Server.Port);
        var services = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(capture)
            .AddRxRedis(options => options.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port));
        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<RedisClient>();
            Assert.Single(client.Options.Hooks.OfType<RxRedis.Diagnostics.RedisDiagnostics>());
            await client.Ping();
        }

        Assert.Contains(capture.Logs, l => l.Id.Id == RxRedis.Diagnostics.RedisLogEvents.Connected);
        Assert.Contains(capture.Logs, l => l.Id.Id == RxRedis.Diagnostics.RedisLogEvents.Closed);
        Assert.Contains(capture.Spans, s => s.DisplayName == "PING");
    }
}
