using System.Reactive.Linq;
using System.Reflection;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Commands;

/// <summary>
/// Compares the commands the server documents (<c>COMMAND DOCS</c>) with the commands RedisClient's public methods
/// declare through <see cref="RedisCommandAttribute"/>, for the data-type groups the client promises to cover.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class CommandCoverageTests(RedisFixture fixture, ITestOutputHelper output) : CommandTestBase(fixture)
{
    private const double Floor = 0.90;

    private static readonly string[] Groups =
        ["string", "list", "set", "sorted-set", "hash", "stream", "bitmap", "hyperloglog", "geo", "generic", "scripting"];

    // Added by Redis 7.2 (WAITAOF) and 7.4 (hash-field expiry): https://redis.io/docs/latest/commands/?version=7.4
    private static readonly string[] Redis72To74 =
    [
        "HEXPIRE", "HPEXPIRE", "HEXPIREAT", "HPEXPIREAT", "HTTL", "HPTTL", "HEXPIRETIME", "HPEXPIRETIME", "HPERSIST", "WAITAOF",
    ];

    // Connection modes (Redis 7.0 NO-EVICT, 7.2 NO-TOUCH) are handshake options, not methods: what Execute refuses.
    private static readonly (string Subcommand, Action<RedisOptions> TurnOn, string Option, char Flag)[] ConnectionModes =
    [
        ("client|no-evict", o => o.NoEvict = true, nameof(RedisOptions.NoEvict), 'e'),
        ("client|no-touch", o => o.NoTouch = true, nameof(RedisOptions.NoTouch), 'T'),
    ];

    [ServerFact(ServerFeature.RedisCommandDocs)]
    public async Task Typed_methods_cover_at_least_90_percent_of_the_data_type_groups()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var docs = await client.CommandDocs();
        var declared = Declared();
        var total = 0;
        var covered = 0;
        var missing = new List<string>();
        foreach (var group in Groups)
        {
            var commands = docs.Where(d => d.Value.Fields.TryGetValue("group", out var g) && g.AsString() == group)
                .Select(d => d.Key.ToUpperInvariant()).Order(StringComparer.Ordinal).ToList();
            var groupMissing = commands.Where(c => !declared.Contains(c)).ToList();
            total += commands.Count;
            covered += commands.Count - groupMissing.Count;
            missing.AddRange(groupMissing);
            output.WriteLine($"{group,-12} {commands.Count - groupMissing.Count,3}/{commands.Count,-3} missing: {string.Join(' ', groupMissing)}");
        }
        var coverage = (double)covered / total;
        output.WriteLine($"coverage {covered}/{total} = {coverage:P1}; missing: {string.Join(' ', missing)}");
        Assert.True(coverage >= Floor, $"Coverage {coverage:P1} is below {Floor:P0}; missing: {string.Join(' ', missing)}");
    }

    [ServerFact(ServerFeature.HashFieldExpiry)]
    public async Task Every_Redis_7_2_to_7_4_command_the_server_documents_has_a_typed_method()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var docs = await client.CommandDocs();
        var served = Redis72To74.Where(c => docs.ContainsKey(c) || docs.ContainsKey(c.ToLowerInvariant())).ToList();
        var declared = Declared();
        output.WriteLine($"served: {string.Join(' ', served)}");

        Assert.Contains("HEXPIRE", served); // the server has hash-field expiry, so the check below is not vacuous
        Assert.Empty(served.Where(c => !declared.Contains(c)));
        Assert.Empty(Redis72To74.Where(c => !declared.Contains(c)));
    }

    [Fact]
    public async Task Every_connection_mode_the_server_documents_is_a_handshake_option_and_the_others_fail_the_connect_by_name()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var docs = await client.CommandDocs([.. ConnectionModes.Select(m => m.Subcommand)]);
        var served = ConnectionModes.Where(m => docs.Keys.Any(k => k.Equals(m.Subcommand, StringComparison.OrdinalIgnoreCase))).ToList();
        output.WriteLine($"{TestServer.Kind} serves: {string.Join(' ', served.Select(m => m.Subcommand))}");

        foreach (var (subcommand, turnOn, option, flag) in ConnectionModes)
        {
            var options = new RedisOptions { EndPoint = RedisEndPoint.Tcp(RedisServerProcess.Host, Fixture.Server.Port) };
            turnOn(options);
            if (served.Any(m => m.Subcommand == subcommand))
            {
                await using var withMode = await RedisClient.ConnectAsync(options);
                var info = (await withMode.Execute("CLIENT", "INFO")).AsString()!;
                Assert.Contains(flag, info.Split(' ').Single(f => f.StartsWith("flags=", StringComparison.Ordinal)));
            }
            else
            {
                var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));
                Assert.Contains($"RedisOptions.{option}", error.Message, StringComparison.Ordinal);
            }
        }
    }

    private static HashSet<string> Declared() =>
        typeof(RedisClient).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(m => m.GetCustomAttribute<RedisCommandAttribute>()?.Names ?? [])
            .Select(n => n.ToUpperInvariant())
            .ToHashSet();

    [Fact]
    public void Every_public_command_method_declares_its_commands()
    {
        var undeclared = typeof(RedisClient).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() is var d && (d == typeof(IObservable<>) || d == typeof(RedisObservable<>) || d == typeof(IAsyncEnumerable<>)))
            .Where(m => m.GetCustomAttribute<RedisCommandAttribute>() is null)
            .Select(m => m.Name)
            .Distinct()
            .ToList();
        // Execute runs any command; Bulk<TIn, TOut> and Pipeline<T> run whichever commands they are given.
        Assert.Equal(["Bulk", "Execute", "Pipeline"], undeclared.Order(StringComparer.Ordinal));
    }
}
