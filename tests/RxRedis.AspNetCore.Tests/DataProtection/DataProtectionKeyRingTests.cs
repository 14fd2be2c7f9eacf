using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using RxRedis.AspNetCore.DataProtection;
using RxRedis.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace RxRedis.AspNetCore.Tests.DataProtection;

/// <summary>
/// The key ring against a real server, including rings written by Microsoft's StackExchange.Redis repository and
/// read by RxRedis's (and the other way round): both must see one list in one format.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class DataProtectionKeyRingTests(RedisFixture fixture)
{
    private const string ApplicationName = "rxredis-key-ring-tests";
    private const string Purpose = "tests";

    private readonly string _key = "dp-keys:" + Guid.NewGuid().ToString("N");

    private ServiceProvider RxRedisApp() => new ServiceCollection()
        .AddRxRedis(o => o.EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, fixture.Server.Port))
        .AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToRxRedis(_key).Services
        .BuildServiceProvider();

    private ServiceProvider MicrosoftApp(IConnectionMultiplexer multiplexer) => new ServiceCollection()
        .AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToStackExchangeRedis(multiplexer, _key).Services
        .BuildServiceProvider();

    private static IDataProtector Protector(IServiceProvider app) =>
        app.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    /// <summary>
    /// Protects <paramref name="payload"/> in one app, stops it, and unprotects in the next; then checks that the
    /// second app used the first one's key instead of making its own.
    /// </summary>
    private async Task ProtectedInOneUnprotectedInTheNextAsync(Func<ServiceProvider> writer, Func<ServiceProvider> reader, string payload)
    {
        string protectedPayload;
        await using (var first = writer())
        {
            protectedPayload = Protector(first).Protect(payload);
        }
        await using var next = reader();
        Assert.Equal(payload, Protector(next).Unprotect(protectedPayload));
        Assert.Equal("1", await fixture.Server.ExecRawAsync("LLEN", _key));
    }

    [Fact]
    public Task A_payload_protected_before_an_app_restart_is_unprotected_after_it() =>
        ProtectedInOneUnprotectedInTheNextAsync(RxRedisApp, RxRedisApp, "survives a restart");

    [Fact]
    public async Task A_ring_written_by_the_StackExchange_Redis_repository_is_read_by_RxRedis()
    {
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(fixture.Server.Endpoint);
        await ProtectedInOneUnprotectedInTheNextAsync(() => MicrosoftApp(multiplexer), RxRedisApp, "from StackExchange.Redis");
    }

    [Fact]
    public async Task A_ring_written_by_RxRedis_is_read_by_the_StackExchange_Redis_repository()
    {
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(fixture.Server.Endpoint);
        await ProtectedInOneUnprotectedInTheNextAsync(RxRedisApp, () => MicrosoftApp(multiplexer), "from RxRedis");
        // Stored as Microsoft stores it: one unformatted <key> element per list entry.
        var stored = await fixture.Server.ExecRawAsync("LINDEX", _key, "0");
        Assert.StartsWith("<key id=\"", stored, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stored);
    }

    [Fact]
    public async Task Chosen_elements_are_deleted_in_order_and_others_kept()
    {
        await using var app = RxRedisApp();
        var manager = app.GetRequiredService<IKeyManager>();
        var first = manager.CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        var second = manager.CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        Assert.Equal("2", await fixture.Server.ExecRawAsync("LLEN", _key));

        var repository = Assert.IsType<RxRedisXmlRepository>(
            app.GetRequiredService<Microsoft.Extensions.Options.IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.True(repository.DeleteElements(elements =>
        {
            Assert.Equal(2, elements.Count);
            elements.Single(e => e.Element.Attribute("id")!.Value == first.KeyId.ToString()).DeletionOrder = 1;
        }));

        var left = Assert.Single(repository.GetAllElements());
        Assert.Equal(second.KeyId.ToString(), left.Attribute("id")!.Value);
        Assert.Equal("1", await fixture.Server.ExecRawAsync("LLEN", _key));
    }

    [Fact]
    public async Task An_element_that_is_not_XML_fails_the_whole_read_naming_the_key()
    {
        await fixture.Server.ExecRawAsync("RPUSH", _key, "<key id=\"x\"/>", "not xml");
        await using var client = await RedisClient.ConnectAsync(fixture.Server.Endpoint);
        var repository = new RxRedisXmlRepository(client, _key);
        var error = Assert.Throws<InvalidDataException>(repository.GetAllElements);
        Assert.Contains($"Element 1 of the Data Protection key ring at Redis key '{_key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_key_is_refused_by_name()
    {
        await using var client = await RedisClient.ConnectAsync(fixture.Server.Endpoint);
        Assert.Equal("key", Assert.Throws<ArgumentException>(() => new RxRedisXmlRepository(client, "")).ParamName);
    }
}
